// Pooling: the data compression step of a convolutional layer (paper, Sec. VI). A window of
// its own size and stride moves over each channel of an NCHW tensor and keeps either the
// largest value (max pooling) or the mean (average pooling). Channels never mix.
//
// Padding, when asked for, is "null valued pixels" as for convolution: max pooling never
// picks a padded cell (the window always holds a real one, geometry.ts sees to that), and
// average pooling counts them as zeros in a mean over the full kH·kW window.

import { geometry2d, type Padding } from './geometry'

export type PoolMode = 'max' | 'avg'

export interface PoolShape {
  n: number
  c: number
  h: number
  w: number
  kH: number
  kW: number
  sH: number
  sW: number
  padTop: number
  padLeft: number
  hOut: number
  wOut: number
}

export interface PoolSpec {
  size: number | readonly [number, number]
  /** Defaults to the window size: non-overlapping windows. */
  stride?: number | readonly [number, number]
  padding?: Padding | readonly [Padding, Padding]
}

/** Resolves a pooling layer on n×c×h×w; throws GeometryError on a bad geometry. */
export function poolShape(n: number, c: number, h: number, w: number, spec: PoolSpec): PoolShape {
  const g = geometry2d('pool', h, w, { kernel: spec.size, stride: spec.stride, padding: spec.padding })
  return {
    n, c, h, w,
    kH: g.h.kernel, kW: g.w.kernel, sH: g.h.stride, sW: g.w.stride,
    padTop: g.h.padBefore, padLeft: g.w.padBefore, hOut: g.h.out, wOut: g.w.out
  }
}

export const poolOutputSize = (s: PoolShape): number => s.n * s.c * s.hOut * s.wOut
export const poolInputSize = (s: PoolShape): number => s.n * s.c * s.h * s.w

/**
 * Max pooling: y = max over the window. `argmax` receives, for every output cell, the flat
 * index into x of the winner (the first one on ties), which is all backward needs.
 */
export function maxPoolForward(s: PoolShape, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
  const { h, w, kH, kW, sH, sW, padTop, padLeft, hOut, wOut } = s
  const planes = s.n * s.c
  if (kH === 2 && kW === 2 && sH === 2 && sW === 2 && padTop === 0 && padLeft === 0) {
    maxPool2x2(planes, h, w, hOut, wOut, x, y, argmax)
    return
  }
  for (let q = 0; q < planes; q++) {
    const xBase = q * h * w
    const yBase = q * hOut * wOut
    for (let i = 0; i < hOut; i++) {
      const y0 = Math.max(0, i * sH - padTop)
      const y1 = Math.min(h, i * sH - padTop + kH)
      for (let j = 0; j < wOut; j++) {
        const x0 = Math.max(0, j * sW - padLeft)
        const x1 = Math.min(w, j * sW - padLeft + kW)
        let best = -Infinity
        let at = -1
        for (let yy = y0; yy < y1; yy++) {
          const row = xBase + yy * w
          for (let xx = x0; xx < x1; xx++) {
            const v = x[row + xx]
            if (v > best || at < 0) {
              best = v
              at = row + xx
            }
          }
        }
        y[yBase + i * wOut + j] = best
        argmax[yBase + i * wOut + j] = at
      }
    }
  }
}

/** The common 2×2, stride-2 case without padding, unrolled (same result, first winner on ties). */
function maxPool2x2(planes: number, h: number, w: number, hOut: number, wOut: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
  let o = 0
  for (let q = 0; q < planes; q++) {
    const xBase = q * h * w
    for (let i = 0; i < hOut; i++) {
      const r0 = xBase + 2 * i * w
      for (let j = 0; j < wOut; j++, o++) {
        let at = r0 + 2 * j
        let best = x[at]
        if (x[at + 1] > best) { best = x[at + 1]; at = at + 1 }
        const r1 = r0 + w + 2 * j
        if (x[r1] > best) { best = x[r1]; at = r1 }
        if (x[r1 + 1] > best) { best = x[r1 + 1]; at = r1 + 1 }
        y[o] = best
        argmax[o] = at
      }
    }
  }
}

/** dL/dx of max pooling: each dy goes to the cell that won its window (adds, for overlapping windows). */
export function maxPoolBackward(s: PoolShape, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
  dx.fill(0, 0, poolInputSize(s))
  const m = poolOutputSize(s)
  for (let k = 0; k < m; k++) dx[argmax[k]] += dy[k]
}

/** Average pooling: y = (1/(kH·kW)) Σ over the window (padded cells count as 0). */
export function avgPoolForward(s: PoolShape, x: Float32Array, y: Float32Array): void {
  const { h, w, kH, kW, sH, sW, padTop, padLeft, hOut, wOut } = s
  const inv = 1 / (kH * kW)
  const planes = s.n * s.c
  for (let q = 0; q < planes; q++) {
    const xBase = q * h * w
    const yBase = q * hOut * wOut
    for (let i = 0; i < hOut; i++) {
      const y0 = Math.max(0, i * sH - padTop)
      const y1 = Math.min(h, i * sH - padTop + kH)
      for (let j = 0; j < wOut; j++) {
        const x0 = Math.max(0, j * sW - padLeft)
        const x1 = Math.min(w, j * sW - padLeft + kW)
        let sum = 0
        for (let yy = y0; yy < y1; yy++) {
          const row = xBase + yy * w
          for (let xx = x0; xx < x1; xx++) sum += x[row + xx]
        }
        y[yBase + i * wOut + j] = sum * inv
      }
    }
  }
}

/** dL/dx of average pooling: each dy is shared equally, dy/(kH·kW), by the cells of its window. */
export function avgPoolBackward(s: PoolShape, dy: Float32Array, dx: Float32Array): void {
  const { h, w, kH, kW, sH, sW, padTop, padLeft, hOut, wOut } = s
  const inv = 1 / (kH * kW)
  dx.fill(0, 0, poolInputSize(s))
  const planes = s.n * s.c
  for (let q = 0; q < planes; q++) {
    const xBase = q * h * w
    const yBase = q * hOut * wOut
    for (let i = 0; i < hOut; i++) {
      const y0 = Math.max(0, i * sH - padTop)
      const y1 = Math.min(h, i * sH - padTop + kH)
      for (let j = 0; j < wOut; j++) {
        const x0 = Math.max(0, j * sW - padLeft)
        const x1 = Math.min(w, j * sW - padLeft + kW)
        const g = dy[yBase + i * wOut + j] * inv
        for (let yy = y0; yy < y1; yy++) {
          const row = xBase + yy * w
          for (let xx = x0; xx < x1; xx++) dx[row + xx] += g
        }
      }
    }
  }
}
