// Pure helpers of the Autoencoder views: histograms of reconstruction losses, the points of a
// decoded grid across the latent plane, straight paths between two codes, temperature colours,
// the axes of a latent map (the two neurons, or a PCA projection of more). No runes and no
// DOM, so the tests call them directly.

import { pca, project } from '../../engine/stats/pca'

export interface Histogram {
  /** bins + 1 edges. */
  edges: number[]
  counts: number[]
}

/** Counts of `values` in `bins` equal bins over [lo, hi] (values outside go to the end bins). */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Histogram {
  const width = (hi - lo) / bins || 1
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++
  }
  return { edges: Array.from({ length: bins + 1 }, (_, k) => lo + k * width), counts }
}

/** The bounds of `values`, widened by `pad` of their span on both sides (a unit span when flat). */
export function paddedRange(values: ArrayLike<number>, pad = 0.05): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (!(hi >= lo)) return [-1, 1]
  const span = hi - lo || 1
  return [lo - pad * span, hi + pad * span]
}

/**
 * n × n latent points on a grid over x × y, row by row from the top (the highest y first, as a
 * picture is drawn), each at the centre of its cell: n² rows of 2.
 */
export function latentGrid(x: [number, number], y: [number, number], n: number): Float32Array {
  const out = new Float32Array(n * n * 2)
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      out[(r * n + c) * 2] = x[0] + ((c + 0.5) / n) * (x[1] - x[0])
      out[(r * n + c) * 2 + 1] = y[1] - ((r + 0.5) / n) * (y[1] - y[0])
    }
  return out
}

/** The latent point at fraction (fx, fy) of a map over x × y (fy from the top). */
export function pointAt(x: [number, number], y: [number, number], fx: number, fy: number): [number, number] {
  return [x[0] + fx * (x[1] - x[0]), y[1] - fy * (y[1] - y[0])]
}

/** `steps` codes evenly from a to b, both ends included: steps rows of a.length. */
export function interpolate(a: ArrayLike<number>, b: ArrayLike<number>, steps: number): Float32Array {
  const k = a.length
  const out = new Float32Array(steps * k)
  for (let s = 0; s < steps; s++) {
    const t = steps > 1 ? s / (steps - 1) : 0
    for (let j = 0; j < k; j++) out[s * k + j] = (1 - t) * a[j] + t * b[j]
  }
  return out
}

/** A cold-to-hot colour for T in [lo, hi]: blue below, red above (ordered → disordered). */
export function temperatureColor(T: number, lo: number, hi: number): string {
  const t = hi > lo ? Math.min(1, Math.max(0, (T - lo) / (hi - lo))) : 0.5
  const hue = 240 * (1 - t)
  return `hsl(${hue.toFixed(0)} 75% 45%)`
}

export interface LatentAxes {
  /** Two coordinates per item. */
  xy: Float64Array
  /** 'neurons' (z₁, z₂), 'pca' (the first two principal axes of more neurons), 'single' (z₁ alone). */
  mode: 'neurons' | 'pca' | 'single'
  /** With PCA: the share of the latent variance each axis carries. */
  explained: [number, number] | null
  labels: [string, string]
}

/** The plane a latent space is shown in: the neurons themselves for 1–2, a PCA projection for more. */
export function latentAxes(latents: Float32Array, n: number, k: number): LatentAxes {
  const xy = new Float64Array(2 * n)
  if (k === 1) {
    for (let i = 0; i < n; i++) xy[2 * i] = latents[i]
    return { xy, mode: 'single', explained: null, labels: ['z₁', ''] }
  }
  if (k === 2) {
    for (let i = 0; i < 2 * n; i++) xy[i] = latents[i]
    return { xy, mode: 'neurons', explained: null, labels: ['z₁', 'z₂'] }
  }
  const p = pca(latents, n, k, 2)
  xy.set(project(p, latents, n))
  return { xy, mode: 'pca', explained: [p.explained[0], p.explained[1]], labels: ['PC 1', 'PC 2'] }
}
