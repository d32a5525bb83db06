// The 'rbm.dream' and 'rbm.complete' jobs: Gibbs chains of a trained machine, watched as they
// go (frames of the visible probabilities, streamed like the Ising lattice).
//   dream:    chains from noise or from data, free — the machine "creates" data (Sec. IV:
//             "generative meaning it can be used to create data");
//   complete: part of an input clamped, the rest sampled — "exactly analogous to corrupted
//             input and associative memory in Hopfield networks".
// The host passes the stored machine (artifact 'rbm' of a training run) and, to start from
// data or to complete an item, rows of data in the machine's units (prepareData(...).val or
// .test of the run's own params and seed).

import type { JobContext } from '../job'
import { rbmFromArtifact } from './artifact'
import { clampVisible, createChains, downPass, randomizeVisible, upPass, type GibbsChains, type GibbsRule } from './gibbs'
import type { Rbm } from './model'
import type { CompletionMask, RbmCompleteParams, RbmDreamParams } from './types'
import { checkCount, checkRows, type RbmRows } from './validate'
import { meanFromOnProbability } from './conditionals'
import { offValue } from './units'

export interface ChainsInit {
  /** The stored machine: the 'rbm' artifact's data and meta. */
  machine?: { data: unknown; meta?: Record<string, unknown> }
  /** Rows to start from ('data' start) or to complete (item index into them). */
  rows?: RbmRows
}

/** A dream whose mean on-probability is below this is counted near-blank (an empty canvas). */
export const NEAR_BLANK = 0.03

function loadMachine(init: ChainsInit): ReturnType<typeof rbmFromArtifact> {
  if (!init.machine) throw new Error('choose a trained machine (a finished rbm.train run) to sample from')
  return rbmFromArtifact(init.machine.data, init.machine.meta)
}

/** ⟨v⟩ of every chain from its last down pass: what a frame shows. */
function visibleMeans(m: Rbm, ch: GibbsChains): Float32Array {
  const out = new Float32Array(ch.n * m.nv)
  meanFromOnProbability(m.units, ch.PV, out, ch.n * m.nv)
  return out
}

/**
 * `sweeps` Gibbs sweeps h ~ P(h|v), v ~ P(v|h) of all chains, `between` called after each (to
 * clamp), frames every `frameEvery` sweeps, the host's checkpoint between sweeps. Returns the
 * sweeps done (fewer if the user stopped).
 */
function runChains(
  m: Rbm,
  ch: GibbsChains,
  p: { sweeps: number; frameEvery: number; gibbsRule: GibbsRule },
  ctx: JobContext,
  meta: Record<string, number | string>,
  between?: () => void
): number {
  const rng = ctx.rng.fork(41)
  for (let s = 0; s < p.sweeps; s++) {
    if (ctx.checkpoint() === 'stop') return s
    upPass(m, ch, rng, p.gibbsRule)
    downPass(m, ch, rng, p.gibbsRule)
    between?.()
    if ((s + 1) % p.frameEvery === 0 && ctx.frameDue()) ctx.frame(visibleMeans(m, ch), { ...meta, sweep: s + 1 })
    ctx.progress((s + 1) / p.sweeps)
  }
  return p.sweeps
}

function startFromRows(m: Rbm, ch: GibbsChains, rows: RbmRows): void {
  for (let r = 0; r < ch.n; r++) {
    const src = (r % rows.n) * m.nv
    ch.V.set(rows.V.subarray(src, src + m.nv), r * m.nv)
  }
}

export function runRbmDream(params: RbmDreamParams, ctx: JobContext, init: ChainsInit = {}): Record<string, unknown> {
  checkCount(params.chains, 'chains')
  checkCount(params.sweeps, 'sweeps')
  checkCount(params.frameEvery, 'sweeps between frames')
  const { m, meta } = loadMachine(init)
  const ch = createChains(m, params.chains)
  if (params.start === 'data') {
    if (!init.rows) throw new Error('starting from data needs data rows: the host passes the run’s validation rows as init.rows')
    startFromRows(m, ch, checkRows(init.rows, m.units, 'starting data', { nv: m.nv }))
  } else randomizeVisible(m, ch, ctx.rng.fork(40))
  const frameMeta = { kind: 'dream', chains: ch.n, imageRows: meta.imageRows, imageCols: meta.imageCols }
  const done = runChains(m, ch, params, ctx, frameMeta)
  const means = visibleMeans(m, ch)
  let blank = 0
  let onSum = 0
  for (let r = 0; r < ch.n; r++) {
    let s = 0
    for (let i = 0; i < m.nv; i++) s += m.units === 'binary' ? means[r * m.nv + i] : (means[r * m.nv + i] + 1) / 2
    onSum += s / m.nv
    if (s / m.nv < NEAR_BLANK) blank++
  }
  ctx.frame(means, { ...frameMeta, sweep: done })
  ctx.artifact('dreams', means, { ...frameMeta, sweeps: done, of: '⟨v⟩ of each chain after its last sweep, chain after chain' })
  ctx.artifact('dreams.samples', ch.V.slice(), { ...frameMeta, sweeps: done, of: 'the sampled visible states' })
  ctx.progress(1)
  return { sweeps: done, chains: ch.n, meanOn: onSum / ch.n, nearBlankFraction: blank / ch.n }
}

/** Which visible units are clamped (1) for a mask over an image of rows × cols. */
export function completionMask(kind: CompletionMask, rows: number, cols: number, fraction: number, rng: { uniform(): number }): Uint8Array {
  const mask = new Uint8Array(rows * cols)
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < cols; x++) {
      const hidden =
        kind === 'top' ? y < rows / 2 : kind === 'bottom' ? y >= rows / 2 : kind === 'left' ? x < cols / 2 : kind === 'right' ? x >= cols / 2 : rng.uniform() < fraction
      mask[y * cols + x] = hidden ? 0 : 1
    }
  return mask
}

export function runRbmCompletion(params: RbmCompleteParams, ctx: JobContext, init: ChainsInit = {}): Record<string, unknown> {
  checkCount(params.chains, 'chains')
  checkCount(params.sweeps, 'sweeps')
  checkCount(params.frameEvery, 'sweeps between frames')
  const { m, meta } = loadMachine(init)
  if (!init.rows) throw new Error('completion needs the items: the host passes the run’s test rows as init.rows')
  const rows = checkRows(init.rows, m.units, 'items to complete', { nv: m.nv })
  if (!Number.isInteger(params.item) || params.item < 0 || params.item >= rows.n) throw new Error(`item must be a whole number from 0 to ${rows.n - 1} (got ${params.item})`)
  const truth = rows.V.slice(params.item * m.nv, (params.item + 1) * m.nv)
  const mask = completionMask(params.mask, meta.imageRows, meta.imageCols, params.fraction, ctx.rng.fork(42))
  const ch = createChains(m, params.chains)
  // the blanked part starts off (a blank canvas: noise there would hold every hidden unit
  // off, and the chains would sit in that state); the clamped part is the item
  ch.V.fill(offValue(m.units))
  clampVisible(m, ch, mask, truth)
  const frameMeta = { kind: 'completion', chains: ch.n, imageRows: meta.imageRows, imageCols: meta.imageCols }
  const done = runChains(m, ch, params, ctx, frameMeta, () => clampVisible(m, ch, mask, truth))
  // the completion: ⟨v⟩ over chains for the blanked units, the item where clamped
  const means = visibleMeans(m, ch)
  const completion = new Float32Array(m.nv)
  for (let i = 0; i < m.nv; i++) {
    if (mask[i]) {
      completion[i] = truth[i]
      continue
    }
    let s = 0
    for (let r = 0; r < ch.n; r++) s += means[r * m.nv + i]
    completion[i] = s / ch.n
  }
  let wrong = 0
  let blanked = 0
  let se = 0
  const mid = m.units === 'binary' ? 0.5 : 0
  for (let i = 0; i < m.nv; i++) {
    if (mask[i]) continue
    blanked++
    se += (completion[i] - truth[i]) ** 2
    if ((completion[i] > mid ? 1 : 0) !== (truth[i] > mid ? 1 : 0)) wrong++
  }
  ctx.frame(completion, { ...frameMeta, chains: 1, sweep: done })
  ctx.artifact('completion', completion, { ...frameMeta, of: 'the item with its blanked units replaced by ⟨v⟩ over the chains' })
  ctx.artifact('completion.mask', mask, { ...frameMeta, of: '1 = clamped (shown to the machine), 0 = blanked (sampled)' })
  ctx.artifact('completion.truth', truth, { ...frameMeta, of: 'the item as it was' })
  ctx.progress(1)
  return { sweeps: done, blankedUnits: blanked, wrongUnits: wrong, errorRate: wrong / Math.max(1, blanked), mse: se / Math.max(1, blanked) }
}
