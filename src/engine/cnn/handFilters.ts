// Hand-made 3×3 filters (Fig. 8) and the feature-map grid of Fig. 12: an image passed through
// up to four convolutional layers, each = convolution + activation + pooling, one column per
// filter and one row per layer. As in the paper, from the second layer on every filter
// convolves the previous layer's output of the horizontal filter (`feedFrom`), so the rows
// show how features survive repeated convolution and pooling at falling resolution.
//
// The paper shows its filters only as pictures; these are the standard zero-sum line
// detectors (a bright line on a dark band → large response, flat regions → 0) and an X that
// overlays the two diagonals.

import { conv2dForward, convOutputSize, convShape } from './conv2d'
import { GeometryError, checkGeometry2d } from './geometry'
import { avgPoolForward, maxPoolForward, poolOutputSize, poolShape, type PoolMode } from './pool'
import { activate } from '../nn/activations'

/** A single-channel map, row-major h×w. */
export interface Map2d {
  h: number
  w: number
  data: Float32Array
}

export interface HandFilter {
  name: string
  /** kernel × kernel, row-major. */
  kernel: number
  weights: Float32Array
}

const filter3 = (name: string, rows: number[][]): HandFilter => ({ name, kernel: 3, weights: Float32Array.from(rows.flat()) })

/** Responds to vertical lines (Fig. 8, left). */
export const VERTICAL = filter3('vertical', [
  [-1, 2, -1],
  [-1, 2, -1],
  [-1, 2, -1]
])

/** Responds to horizontal lines (Fig. 8, right): the transpose of VERTICAL. */
export const HORIZONTAL = filter3('horizontal', [
  [-1, -1, -1],
  [2, 2, 2],
  [-1, -1, -1]
])

/** X-shaped: both diagonals (Fig. 12, right column). */
export const X_SHAPED = filter3('x', [
  [1, -1, 1],
  [-1, 1, -1],
  [1, -1, 1]
])

export const HAND_FILTERS: readonly HandFilter[] = [VERTICAL, HORIZONTAL, X_SHAPED]

export interface FilterStackOptions {
  /** After each convolution: 'relu' (the paper's Fig. 12), 'leakyRelu' (slope `leak` below 0), or none. */
  activation?: 'relu' | 'leakyRelu' | 'none'
  leak?: number
  /** Pooling after the activation; null for none. Default: 2×2 max pooling. */
  pool?: { mode: PoolMode; size: number } | null
  /**
   * Which column feeds the next row: a filter index (the paper: the horizontal filter), or
   * 'own' for each column to keep convolving its own output. Default: the index of the
   * filter named 'horizontal' if there is one, else 'own'.
   */
  feedFrom?: number | 'own'
}

export const MAX_STACK_LAYERS = 4

function activateMap(data: Float32Array, activation: FilterStackOptions['activation'], leak: number): void {
  if (activation === 'relu' || activation === 'leakyRelu') activate(activation, data, data, 1, data.length, leak)
}

/** One layer of Fig. 12 for one filter: conv ('same' padding) → activation → pooling. */
function layer(input: Map2d, f: HandFilter, opts: Required<Omit<FilterStackOptions, 'feedFrom'>>): Map2d {
  const cs = convShape(1, 1, input.h, input.w, 1, { kernel: f.kernel, padding: 'same' })
  const z = new Float32Array(convOutputSize(cs))
  conv2dForward(cs, input.data, f.weights, null, z)
  activateMap(z, opts.activation, opts.leak)
  if (!opts.pool) return { h: cs.hOut, w: cs.wOut, data: z }
  const ps = poolShape(1, 1, cs.hOut, cs.wOut, { size: opts.pool.size })
  const y = new Float32Array(poolOutputSize(ps))
  if (opts.pool.mode === 'max') maxPoolForward(ps, z, y, new Int32Array(y.length))
  else avgPoolForward(ps, z, y)
  return { h: ps.hOut, w: ps.wOut, data: y }
}

/**
 * The largest h'×w' (≤ h×w) that `layers` rounds of `poolSize` pooling divide evenly, for
 * cropping an image before applyFilterStack (pooling never silently drops rows here).
 */
export function stackFitSize(h: number, w: number, layers: number, poolSize = 2): { h: number; w: number } {
  const m = Math.pow(poolSize, layers)
  return { h: Math.floor(h / m) * m, w: Math.floor(w / m) * m }
}

/** The centre h×w of a map (e.g. to reach stackFitSize). */
export function cropCenter(m: Map2d, h: number, w: number): Map2d {
  if (h > m.h || w > m.w) throw new Error(`cannot crop ${m.h}×${m.w} to ${h}×${w}`)
  const top = (m.h - h) >> 1
  const left = (m.w - w) >> 1
  const data = new Float32Array(h * w)
  for (let y = 0; y < h; y++) data.set(m.data.subarray((top + y) * m.w + left, (top + y) * m.w + left + w), y * w)
  return { h, w, data }
}

/**
 * Fig. 12: grid[layer][filter] is the feature map after `layer + 1` rounds of
 * conv + activation + pooling. Checks every layer's geometry before computing anything and
 * throws GeometryError naming the layer (crop with stackFitSize/cropCenter first).
 */
export function applyFilterStack(image: Map2d, filters: readonly HandFilter[], layers: number, options: FilterStackOptions = {}): Map2d[][] {
  if (!Number.isInteger(layers) || layers < 1 || layers > MAX_STACK_LAYERS) throw new Error(`layers must be 1…${MAX_STACK_LAYERS} (got ${layers})`)
  if (filters.length === 0) throw new Error('at least one filter is needed')
  const horizontal = filters.findIndex((f) => f.name === 'horizontal')
  const feedFrom = options.feedFrom ?? (horizontal >= 0 ? horizontal : 'own')
  if (feedFrom !== 'own' && (!Number.isInteger(feedFrom) || feedFrom < 0 || feedFrom >= filters.length)) throw new Error(`feedFrom must be 'own' or a filter index 0…${filters.length - 1}`)
  const opts = { activation: options.activation ?? 'relu', leak: options.leak ?? 0.01, pool: options.pool === undefined ? { mode: 'max' as const, size: 2 } : options.pool }

  // Geometry of every layer first: 'same' convolution keeps the size, pooling divides it.
  let h = image.h
  let w = image.w
  for (let l = 0; l < layers; l++) {
    for (const f of filters) {
      const c = checkGeometry2d('conv', h, w, { kernel: f.kernel, padding: 'same' })
      if (!c.ok) throw new GeometryError(`layer ${l + 1}, ${f.name} filter: ${c.message}`, c.suggestions)
    }
    if (opts.pool) {
      const p = checkGeometry2d('pool', h, w, { kernel: opts.pool.size })
      if (!p.ok) {
        const fit = stackFitSize(image.h, image.w, layers, opts.pool.size)
        throw new GeometryError(`layer ${l + 1} pooling: ${p.message}; crop the image to ${fit.h}×${fit.w} for ${layers} layers`, p.suggestions)
      }
      h = p.outH
      w = p.outW
    }
  }

  const grid: Map2d[][] = []
  for (let l = 0; l < layers; l++) {
    const row = filters.map((f, k) => {
      const input = l === 0 ? image : grid[l - 1][feedFrom === 'own' ? k : feedFrom]
      return layer(input, f, opts)
    })
    grid.push(row)
  }
  return grid
}
