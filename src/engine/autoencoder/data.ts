// What an autoencoder learns from, as rows whose target is the row itself: grey-level images
// (pixels scaled to [0, 1]), Ising configurations (spins ±1; their T and m stay beside the data
// for the analysis of Fig. 14 and are never shown to the network), or oscillator trajectories.
// Items stay in their compact stored form (bytes) and are turned into floats batch by batch,
// so a large dataset is not copied into a float array four times its size.

import type { LabeledImages } from '../data/images'
import type { IsingDataset } from '../ising/datasetFormat'
import type { TrainingData } from '../train/model'
import type { OscillatorSet } from './oscillator'

export type DataKind = 'images' | 'ising' | 'oscillator'

export interface AutoencoderData extends TrainingData {
  readonly kind: DataKind
  readonly count: number
  /** How an item is drawn: rows × cols (an image, an L × L lattice, a 1 × samples trajectory). */
  readonly rows: number
  readonly cols: number
  /** The two ends of the values (pixels [0, 1], spins ±1, positions ±1). */
  readonly range: [number, number]
  /** Item i's values into out[off..off + inputSize). */
  item(i: number, out: Float32Array, off: number): void
  /** Class labels of the items (images), else null. */
  readonly labels: Uint8Array | null
}

function rowsOf(kind: DataKind, rows: number, cols: number, range: [number, number], count: number, item: AutoencoderData['item'], labels: Uint8Array | null): AutoencoderData {
  const w = rows * cols
  return {
    kind,
    count,
    rows,
    cols,
    range,
    item,
    labels,
    inputSize: w,
    targetSize: w,
    fill(indices, start, n, batch) {
      for (let r = 0; r < n; r++) {
        const i = indices[start + r]
        item(i, batch.x, r * w)
        batch.labels[r] = labels ? labels[i] : 0
      }
      batch.t.set(batch.x.subarray(0, n * w))
      batch.n = n
    }
  }
}

/** Pixels 0..255 as [0, 1]. */
export function imageData(ds: LabeledImages): AutoencoderData {
  const px = ds.rows * ds.cols
  const item = (i: number, out: Float32Array, off: number): void => {
    const src = i * px
    for (let j = 0; j < px; j++) out[off + j] = ds.pixels[src + j] / 255
  }
  return rowsOf('images', ds.rows, ds.cols, [0, 1], ds.count, item, ds.labels)
}

/** Spins ±1, one L × L configuration per item. */
export function spinData(d: Pick<IsingDataset, 'L' | 'count' | 'spins'>): AutoencoderData {
  const N = d.L * d.L
  const item = (i: number, out: Float32Array, off: number): void => {
    const src = i * N
    for (let j = 0; j < N; j++) out[off + j] = d.spins[src + j]
  }
  return rowsOf('ising', d.L, d.L, [-1, 1], d.count, item, null)
}

/** Positions x(t_j) of one trajectory per item. */
export function trajectoryData(o: OscillatorSet): AutoencoderData {
  const item = (i: number, out: Float32Array, off: number): void => out.set(o.x.subarray(i * o.samples, (i + 1) * o.samples), off)
  return rowsOf('oscillator', 1, o.samples, [-1, 1], o.count, item, null)
}
