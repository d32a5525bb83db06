// MNIST digits as Hopfield patterns: a grey 0..255 image resized to the grid and cut at a
// threshold into ±1 pixels, plus the bookkeeping that finds the first digit of each class
// in the bundled set. Pure functions (no DOM, no calls): the session fetches, these decide.
//
// Resizing, per axis (so a 28-wide image may shrink in width and grow in height at once):
//  · shrinking (or equal size): area averaging. Output pixel x covers the source interval
//    [x·n/m, (x+1)·n/m); each source pixel counts by the length of its overlap. Measured in
//    units of 1/m of a source pixel these overlaps are whole numbers summing to n, so the
//    average is an exact ratio of integers and the threshold test below has no rounding
//    doubt. At equal size each output pixel is its own source pixel.
//  · enlarging: nearest neighbour, source pixel ⌊(x + ½)·n/m⌋ (ink stays sharp: blurring
//    a bigger copy would only move the edges by the threshold).
// Binarizing: grey ≥ 128 after resizing → +1 (ink), otherwise −1 (background).

export const MNIST_THRESHOLD = 128

/** For each output position along one axis: the source pixels it reads with integer weights, and their sum. */
interface AxisTaps {
  index: Int32Array[]
  weight: Int32Array[]
  total: number
}

/** How output positions 0..m−1 read source pixels 0..n−1 along one axis (rules above). */
export function axisTaps(n: number, m: number): AxisTaps {
  if (!(Number.isInteger(n) && Number.isInteger(m) && n > 0 && m > 0)) throw new Error(`sizes must be positive whole numbers (got ${n} → ${m})`)
  const index: Int32Array[] = []
  const weight: Int32Array[] = []
  if (m > n) {
    for (let x = 0; x < m; x++) {
      index.push(Int32Array.of(Math.min(n - 1, Math.floor(((2 * x + 1) * n) / (2 * m)))))
      weight.push(Int32Array.of(1))
    }
    return { index, weight, total: 1 }
  }
  // Source pixel j spans [j·m, (j+1)·m) and output x spans [x·n, (x+1)·n), in units of 1/m source pixel.
  for (let x = 0; x < m; x++) {
    const a = x * n
    const b = a + n
    const js: number[] = []
    const ws: number[] = []
    for (let j = Math.floor(a / m); j * m < b; j++) {
      const w = Math.min(b, (j + 1) * m) - Math.max(a, j * m)
      if (w > 0) {
        js.push(j)
        ws.push(w)
      }
    }
    index.push(Int32Array.from(js))
    weight.push(Int32Array.from(ws))
  }
  return { index, weight, total: n }
}

/** A row-major srcW×srcH grey image resized to dstW×dstH (area average when shrinking, nearest when enlarging, per axis). */
export function resizeGrey(pixels: ArrayLike<number>, srcW: number, srcH: number, dstW: number, dstH: number): Float64Array {
  if (pixels.length !== srcW * srcH) throw new Error(`a ${srcW}×${srcH} image has ${srcW * srcH} pixels, got ${pixels.length}`)
  const tx = axisTaps(srcW, dstW)
  const ty = axisTaps(srcH, dstH)
  const norm = tx.total * ty.total
  const out = new Float64Array(dstW * dstH)
  for (let y = 0; y < dstH; y++) {
    const iy = ty.index[y]
    const wy = ty.weight[y]
    for (let x = 0; x < dstW; x++) {
      const ix = tx.index[x]
      const wx = tx.weight[x]
      let sum = 0
      for (let a = 0; a < iy.length; a++) {
        const row = iy[a] * srcW
        let s = 0
        for (let b = 0; b < ix.length; b++) s += wx[b] * pixels[row + ix[b]]
        sum += wy[a] * s
      }
      // Integer sum over integer norm: the quotient is the correctly rounded average, so it
      // equals 128 exactly when the true average does (and is below it otherwise).
      out[y * dstW + x] = sum / norm
    }
  }
  return out
}

/** Grey ≥ threshold → +1, else −1. */
export function binarize(grey: ArrayLike<number>, threshold = MNIST_THRESHOLD): Int8Array {
  const s = new Int8Array(grey.length)
  for (let i = 0; i < grey.length; i++) s[i] = grey[i] >= threshold ? 1 : -1
  return s
}

/** One digit image as a ±1 pattern of the grid: resized, then binarized. */
export function digitPattern(pixels: ArrayLike<number>, srcW: number, srcH: number, dstW: number, dstH: number, threshold = MNIST_THRESHOLD): Int8Array {
  return binarize(resizeGrey(pixels, srcW, srcH, dstW, dstH), threshold)
}

/** The classes typed by the user ('0123456789', '3 8', '0-4'), or why they cannot be used. */
export function parseClasses(text: string, classes = 10): number[] | string {
  const t = text.replace(/[\s,]+/g, '')
  if (t === '') return 'Type the digit classes to load, e.g. 0123456789 or 0-4.'
  const out: number[] = []
  for (let k = 0; k < t.length; k++) {
    const ch = t[k]
    if (ch === '-' || ch === '–') {
      const from = out.at(-1)
      const to = Number(t[k + 1])
      if (from === undefined || !/[0-9]/.test(t[k + 1] ?? '') || to < from) return 'A range goes from a smaller to a larger digit, e.g. 0-4.'
      for (let c = from + 1; c <= to; c++) out.push(c)
      k++
      continue
    }
    if (!/[0-9]/.test(ch)) return `'${ch}' is not a digit class 0–${classes - 1}.`
    const c = Number(ch)
    if (c >= classes) return `The dataset has classes 0–${classes - 1}: there is no ${c}.`
    out.push(c)
  }
  if (new Set(out).size !== out.length) return 'Each class once: a digit stored twice adds nothing but crosstalk.'
  return out
}

// ── finding the first digit of each class ─────────────────────────────────────────────
// 'data.digits' returns images (and their labels) by index, at most `perCall` a call. The
// labels are read on a stride through the whole set, then the gap before each class's first
// sighting is read: for a set grouped by class (the bundled one is: all 0s, then all 1s, …)
// this finds exactly the first digit of each class with two calls.

/** Every `stride`-th index, at most `perCall` of them, covering 0..count−1. */
export function strideSample(count: number, perCall: number): { stride: number; indices: number[] } {
  const stride = Math.max(1, Math.ceil(count / perCall))
  const indices: number[] = []
  for (let i = 0; i < count; i += stride) indices.push(i)
  return { stride, indices }
}

/** For each class the smallest index among `indices` whose label is that class (−1: not seen). */
export function firstSeen(indices: readonly number[], labels: ArrayLike<number>, classes: number): number[] {
  const first = new Array<number>(classes).fill(-1)
  indices.forEach((idx, k) => {
    const c = labels[k]
    if (c < classes && (first[c] < 0 || idx < first[c])) first[c] = idx
  })
  return first
}

/** Indices to read so that each seen class's first index is found: the stride gap before each first sighting, and the sighting. */
export function gapIndices(first: readonly number[], stride: number): number[] {
  const set = new Set<number>()
  for (const f of first) if (f >= 0) for (let i = Math.max(0, f - stride + 1); i <= f; i++) set.add(i)
  return [...set].sort((a, b) => a - b)
}
