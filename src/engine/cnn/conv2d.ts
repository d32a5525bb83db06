// A 2D convolutional layer on NCHW tensors (batch, channels, height, width; row-major
// Float32Array). Like every deep-learning library this is a cross-correlation: the filter is
// not flipped, so a filter that looks like a vertical line responds to vertical lines.
//
//   y[n,o,i,j] = b[o] + Σ_c Σ_u Σ_v  W[o,c,u,v] · x[n, c, i·s_h − p_top + u, j·s_w − p_left + v]
//
// with x = 0 outside the image (zero padding). The output size comes from geometry.ts.
//
// How: im2col. Every window of the input becomes one column of a matrix `cols`
// [(c,u,v) × (n,i,j)], so the convolution is one matrix product Y = W·cols and its gradients
// are two more (dW = dY·colsᵀ, dcols = Wᵀ·dY, then col2im adds dcols back onto the pixels).
// The products go to tensor/matmul (WebAssembly SIMD). Measured on the bench layer
// (64×8×14×14 → 16, 5×5) in a quiet moment of the shared 2-core machine: direct nested loops
// ~45 ms forward + ~57 ms backward, im2col with the SIMD products ~4 + ~6 ms. A few samples
// per product (a "chunk") keep `cols` in cache.

import { matmul, matmulTransA, matmulTransB } from '../tensor/matmul'
import { gemmHeapBytes } from '../tensor/gemmWasm'
import { geometry2d, type Padding } from './geometry'

export interface ConvShape {
  n: number
  cIn: number
  h: number
  w: number
  cOut: number
  kH: number
  kW: number
  sH: number
  sW: number
  padTop: number
  padLeft: number
  hOut: number
  wOut: number
}

export interface ConvSpec {
  kernel: number | readonly [number, number]
  stride?: number | readonly [number, number]
  padding?: Padding | readonly [Padding, Padding]
}

/** Resolves a conv layer on n×cIn×h×w into its full shape; throws GeometryError on a bad geometry. */
export function convShape(n: number, cIn: number, h: number, w: number, cOut: number, spec: ConvSpec): ConvShape {
  const g = geometry2d('conv', h, w, spec)
  return {
    n, cIn, h, w, cOut,
    kH: g.h.kernel, kW: g.w.kernel, sH: g.h.stride, sW: g.w.stride,
    padTop: g.h.padBefore, padLeft: g.w.padBefore, hOut: g.h.out, wOut: g.w.out
  }
}

export const convWeightSize = (s: ConvShape): number => s.cOut * s.cIn * s.kH * s.kW
export const convOutputSize = (s: ConvShape): number => s.n * s.cOut * s.hOut * s.wOut
export const convInputSize = (s: ConvShape): number => s.n * s.cIn * s.h * s.w
/** Rows of the im2col matrix: one per filter weight of one output channel. */
const patchSize = (s: ConvShape): number => s.cIn * s.kH * s.kW

// Output columns j whose input column j·s − p + v lies inside [0, size).
const firstInside = (v: number, pad: number, stride: number): number => Math.max(0, Math.ceil((pad - v) / stride))
const lastInside = (v: number, pad: number, stride: number, size: number, outSize: number): number =>
  Math.min(outSize - 1, Math.floor((size - 1 + pad - v) / stride))

/** Samples per matrix product: enough columns for the SIMD kernel, few enough to stay in cache. */
export function convChunk(s: ConvShape): number {
  const perSample = patchSize(s) * s.hOut * s.wOut
  return Math.max(1, Math.min(s.n, Math.floor(65536 / perSample)))
}

/**
 * cols[r, (b − b0)·P + i·wOut + j] for samples b0 ≤ b < b0 + count, r = (c·kH + u)·kW + v,
 * P = hOut·wOut: the pixel each window position reads (0 in the padding).
 */
export function im2col(s: ConvShape, x: Float32Array, b0: number, count: number, cols: Float32Array): void {
  const { cIn, h, w, kH, kW, sH, sW, padTop, padLeft, hOut, wOut } = s
  const P = hOut * wOut
  const width = count * P
  let r = 0
  for (let c = 0; c < cIn; c++) {
    for (let u = 0; u < kH; u++) {
      for (let v = 0; v < kW; v++, r++) {
        const j0 = firstInside(v, padLeft, sW)
        const j1 = lastInside(v, padLeft, sW, w, wOut)
        for (let b = 0; b < count; b++) {
          const xBase = ((b0 + b) * cIn + c) * h * w
          const rowBase = r * width + b * P
          for (let i = 0; i < hOut; i++) {
            const iy = i * sH - padTop + u
            const o = rowBase + i * wOut
            if (iy < 0 || iy >= h || j0 > j1) {
              cols.fill(0, o, o + wOut)
              continue
            }
            const xr = xBase + iy * w - padLeft + v
            for (let j = 0; j < j0; j++) cols[o + j] = 0
            if (sW === 1) for (let j = j0; j <= j1; j++) cols[o + j] = x[xr + j]
            else for (let j = j0; j <= j1; j++) cols[o + j] = x[xr + j * sW]
            for (let j = j1 + 1; j < wOut; j++) cols[o + j] = 0
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto the pixel it was read from. */
export function col2im(s: ConvShape, cols: Float32Array, b0: number, count: number, dx: Float32Array): void {
  const { cIn, h, w, kH, kW, sH, sW, padTop, padLeft, hOut, wOut } = s
  const P = hOut * wOut
  const width = count * P
  let r = 0
  for (let c = 0; c < cIn; c++) {
    for (let u = 0; u < kH; u++) {
      for (let v = 0; v < kW; v++, r++) {
        const j0 = firstInside(v, padLeft, sW)
        const j1 = lastInside(v, padLeft, sW, w, wOut)
        for (let b = 0; b < count; b++) {
          const xBase = ((b0 + b) * cIn + c) * h * w
          const rowBase = r * width + b * P
          for (let i = 0; i < hOut; i++) {
            const iy = i * sH - padTop + u
            if (iy < 0 || iy >= h) continue
            const o = rowBase + i * wOut
            const xr = xBase + iy * w - padLeft + v
            if (sW === 1) for (let j = j0; j <= j1; j++) dx[xr + j] += cols[o + j]
            else for (let j = j0; j <= j1; j++) dx[xr + j * sW] += cols[o + j]
          }
        }
      }
    }
  }
}

/**
 * Scratch memory of one conv layer. `cols` holds the im2col matrix of the whole batch, chunk
 * after chunk, so that backward can reuse what forward built (`keepCols`).
 */
export interface ConvWorkspace {
  shape: ConvShape
  chunk: number
  cols: Float32Array
  /** Y or dY of one chunk in [cOut × (count·P)] order (the product's layout, not NCHW). */
  yChunk: Float32Array
  dcols: Float32Array
  /** dWᵀ [(c,u,v) × cOut], summed over the chunks (see conv2dBackward). */
  dWt: Float32Array
  /** True after a forward pass with keepCols: cols match the last input. */
  colsValid: boolean
}

/** `training`: room for the whole batch's cols, so backward can reuse them; else one chunk's. */
export function convWorkspace(s: ConvShape, training = true): ConvWorkspace {
  const chunk = convChunk(s)
  const P = s.hOut * s.wOut
  return {
    shape: s,
    chunk,
    cols: new Float32Array(patchSize(s) * (training ? s.n : chunk) * P),
    yChunk: new Float32Array(s.cOut * chunk * P),
    dcols: new Float32Array(patchSize(s) * chunk * P),
    dWt: new Float32Array(patchSize(s) * s.cOut),
    colsValid: false
  }
}

/** Floats convWorkspace(s, training) allocates, and the module memory of its largest matrix product. */
export function convWorkspaceSize(s: ConvShape, training = true): { floats: number; productBytes: number } {
  const chunk = convChunk(s)
  const K = patchSize(s)
  const width = chunk * s.hOut * s.wOut
  const floats = K * (training ? s.n : chunk) * s.hOut * s.wOut + s.cOut * width + K * width + K * s.cOut
  const productBytes = Math.max(gemmHeapBytes('nn', s.cOut, K, width), gemmHeapBytes('nt', K, width, s.cOut), gemmHeapBytes('tn', K, s.cOut, width))
  return { floats, productBytes }
}

function colsOfChunk(ws: ConvWorkspace, b0: number, count: number): Float32Array {
  const len = patchSize(ws.shape) * count * ws.shape.hOut * ws.shape.wOut
  return ws.cols.subarray(patchSize(ws.shape) * b0 * ws.shape.hOut * ws.shape.wOut, patchSize(ws.shape) * b0 * ws.shape.hOut * ws.shape.wOut + len)
}

/**
 * Forward pass, y = W ⋆ x + b, with W as [cOut × cIn·kH·kW] (the same memory as
 * [cOut, cIn, kH, kW]). With `keepCols`, the workspace keeps the im2col matrix for backward.
 */
export function conv2dForward(
  s: ConvShape,
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array | null,
  y: Float32Array,
  ws: ConvWorkspace = convWorkspace(s, false),
  keepCols = false
): void {
  const K = patchSize(s)
  const P = s.hOut * s.wOut
  if (keepCols && ws.cols.length < K * s.n * P) throw new Error('conv2dForward: keepCols needs a training workspace (convWorkspace(shape, true))')
  for (let b0 = 0; b0 < s.n; b0 += ws.chunk) {
    const count = Math.min(ws.chunk, s.n - b0)
    const cols = keepCols ? colsOfChunk(ws, b0, count) : ws.cols.subarray(0, K * count * P)
    im2col(s, x, b0, count, cols)
    const width = count * P
    matmul(weight, cols, ws.yChunk, s.cOut, K, width)
    // [cOut × (b, p)] → NCHW, adding the bias on the way.
    for (let b = 0; b < count; b++) {
      for (let o = 0; o < s.cOut; o++) {
        const src = o * width + b * P
        const dst = ((b0 + b) * s.cOut + o) * P
        const bo = bias ? bias[o] : 0
        for (let p = 0; p < P; p++) y[dst + p] = ws.yChunk[src + p] + bo
      }
    }
  }
  ws.colsValid = keepCols
}

/**
 * Backward pass given dL/dy. Fills dW and dB (summed over the batch; added to when
 * `accumulate`), and dx when asked (null skips it — the first layer needs no input gradient).
 *   dW[o,(c,u,v)] = Σ_n,i,j dy[n,o,i,j] · cols[(c,u,v),(n,i,j)]   (dW = dY·colsᵀ)
 *   dB[o]         = Σ_n,i,j dy[n,o,i,j]
 *   dx            = col2im(Wᵀ·dY): each window sends W·dy back to the pixels it read
 * Reuses the workspace's cols when the last forward kept them (same x), else rebuilds them.
 */
export function conv2dBackward(
  s: ConvShape,
  x: Float32Array,
  weight: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dW: Float32Array,
  dB: Float32Array | null,
  accumulate = false,
  ws: ConvWorkspace = convWorkspace(s, false)
): void {
  const K = patchSize(s)
  const P = s.hOut * s.wOut
  if (!accumulate) {
    dW.fill(0, 0, convWeightSize(s))
    if (dB) dB.fill(0, 0, s.cOut)
  }
  if (dx) dx.fill(0, 0, convInputSize(s))
  for (let b0 = 0; b0 < s.n; b0 += ws.chunk) {
    const count = Math.min(ws.chunk, s.n - b0)
    const width = count * P
    let cols: Float32Array
    if (ws.colsValid) cols = colsOfChunk(ws, b0, count)
    else {
      cols = ws.cols.subarray(0, K * width)
      im2col(s, x, b0, count, cols)
    }
    // NCHW dy → [cOut × (b, p)], summing dB on the way.
    const dyc = ws.yChunk
    for (let b = 0; b < count; b++) {
      for (let o = 0; o < s.cOut; o++) {
        const src = ((b0 + b) * s.cOut + o) * P
        const dst = o * width + b * P
        let sum = 0
        for (let p = 0; p < P; p++) {
          const d = dy[src + p]
          dyc[dst + p] = d
          sum += d
        }
        if (dB) dB[o] += sum
      }
    }
    // dWᵀ = cols·dYᵀ rather than dW = dY·colsᵀ: the product kernel transposes its second
    // factor for a ·ᵀ, and dY (cOut rows) is K/cOut times smaller than cols.
    matmulTransB(cols, dyc, ws.dWt, K, width, s.cOut, b0 > 0)
    if (dx) {
      matmulTransA(weight, dyc, ws.dcols, K, s.cOut, width)
      col2im(s, ws.dcols, b0, count, dx)
    }
  }
  const dWt = ws.dWt
  for (let o = 0; o < s.cOut; o++) for (let r = 0; r < K; r++) dW[o * K + r] += dWt[r * s.cOut + o]
}
