// The stored form of a trained machine: the artifact 'rbm' of a training run, its numbers
// packed by packRbm (model.ts) and a meta that says how to read and show them. Reading it back
// checks everything a job relies on, so a damaged or foreign artifact fails with a clear
// message before any sampling starts.

import { RBM_LAYOUT, unpackRbm, type Rbm } from './model'

export const RBM_ARTIFACT = 'rbm'

export interface RbmArtifactMeta {
  nv: number
  nh: number
  units: 'binary' | 'spin'
  layout: string
  /** Shape to draw the visible layer (28×28 digits, L×L lattice). */
  imageRows: number
  imageCols: number
  /** What it was trained on, in words. */
  data: string
}

export function rbmArtifactMeta(m: Rbm, imageRows: number, imageCols: number, data: string): RbmArtifactMeta {
  return { nv: m.nv, nh: m.nh, units: m.units, layout: RBM_LAYOUT, imageRows, imageCols, data }
}

const whole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1

/** The machine stored in an 'rbm' artifact, and its meta; throws a message saying what is wrong. */
export function rbmFromArtifact(data: unknown, meta: Record<string, unknown> | undefined): { m: Rbm; meta: RbmArtifactMeta } {
  if (!meta) throw new Error('the stored machine has no description (meta) — it is not an RBM run’s artifact')
  if (!whole(meta.nv) || !whole(meta.nh)) throw new Error('the stored machine does not say how many visible and hidden units it has')
  if (meta.units !== 'binary' && meta.units !== 'spin') throw new Error(`the stored machine has unknown units ${JSON.stringify(meta.units)}`)
  if (!(data instanceof Float32Array)) throw new Error('the stored machine’s numbers are not 32-bit floats — it is not an RBM run’s artifact')
  const rows = whole(meta.imageRows) ? meta.imageRows : 1
  const cols = whole(meta.imageCols) ? meta.imageCols : meta.nv
  if (rows * cols !== meta.nv) throw new Error(`the stored machine's image shape ${rows}×${cols} does not match its ${meta.nv} visible units`)
  const m = unpackRbm(data, meta.nv, meta.nh, meta.units)
  return { m, meta: { nv: meta.nv, nh: meta.nh, units: meta.units, layout: RBM_LAYOUT, imageRows: rows, imageCols: cols, data: typeof meta.data === 'string' ? meta.data : '' } }
}
