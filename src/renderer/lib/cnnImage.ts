// Images for the CNN panel's hand-made filters (Fig. 12): colour pixels to grey, a bounded
// size, and a size the pooling layers divide evenly. Pure functions on typed arrays (the
// decoding of a file lives in cnnImageDecode.ts, which needs the DOM), so the rules stated
// in the panel are the rules tested here.
//
// The rules, as the panel states them:
//   grey  = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601 luma), in [0, 1]; transparent pixels
//           are composited on white first;
//   size  = never enlarged; shrunk by area averaging so the longer side is at most 512 px;
//   fit   = L layers of 2×2 pooling need both sides divisible by 2^L: a photograph is
//           centre-cropped to the largest such size, a digit (black background) is padded
//           with zeros up to the next such size.

import { MAX_STACK_LAYERS, type Map2d } from '../../engine/cnn/handFilters'

/** Largest image side accepted from a file (either side). */
export const MAX_IMAGE_SIDE = 4096
/** Longer side of the working image after shrinking. */
export const WORK_SIDE = 512

/**
 * Shortest side of the working image: the deepest stack the Filters tab offers (four 2×2
 * poolings) must leave every map at least one pixel, whatever layers the user then picks.
 */
export const MIN_WORK_SIDE = 2 ** MAX_STACK_LAYERS

/** Why an image of w×h pixels cannot be used, or null when it can. */
export function imageSizeProblem(w: number, h: number): string | null {
  if (!(w >= 1 && h >= 1)) return `the image is empty (${w}×${h} pixels)`
  if (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE) return `the image is ${w}×${h} pixels; the largest accepted is ${MAX_IMAGE_SIDE}×${MAX_IMAGE_SIDE}`
  const work = workingSize(w, h)
  if (Math.min(work.w, work.h) < MIN_WORK_SIDE) {
    const shrunk = work.w !== w || work.h !== h ? `, ${work.w}×${work.h} once its longer side is shrunk to ${WORK_SIDE}` : ''
    return `the image is ${w}×${h} pixels${shrunk}: the filters' layers of 2×2 pooling need at least ${MIN_WORK_SIDE} pixels on each side`
  }
  return null
}

/** RGBA bytes (canvas ImageData order) → grey in [0, 1], alpha composited on white. */
export function rgbaToGrey(rgba: ArrayLike<number>, w: number, h: number): Float32Array {
  const n = w * h
  if (rgba.length < 4 * n) throw new Error(`expected ${4 * n} RGBA bytes for ${w}×${h}, got ${rgba.length}`)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const a = rgba[4 * i + 3] / 255
    const y = 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]
    out[i] = (a * y + (1 - a) * 255) / 255
  }
  return out
}

/** The working size: the longer side shrunk to at most `maxSide`, aspect kept, never enlarged. */
export function workingSize(w: number, h: number, maxSide = WORK_SIDE): { w: number; h: number } {
  const f = Math.min(1, maxSide / Math.max(w, h))
  return { w: Math.max(1, Math.round(w * f)), h: Math.max(1, Math.round(h * f)) }
}

/**
 * Area-average resampling of a grey map to W×H (W ≤ w, H ≤ h): every output pixel is the
 * mean of the input area it covers, partial pixels weighted by their covered fraction — so a
 * constant image stays constant and the mean brightness is kept exactly.
 */
export function areaResize(src: Map2d, W: number, H: number): Map2d {
  const { w, h, data } = src
  if (W === w && H === h) return { w, h, data: Float32Array.from(data) }
  if (W < 1 || H < 1 || W > w || H > h) throw new Error(`areaResize only shrinks: ${w}×${h} → ${W}×${H}`)
  // Per axis: for each output index, the input indices it covers and their weights.
  const spans = (inN: number, outN: number): { start: number; weights: number[] }[] => {
    const f = inN / outN
    const out: { start: number; weights: number[] }[] = []
    for (let o = 0; o < outN; o++) {
      const a = o * f
      const b = (o + 1) * f
      const start = Math.floor(a)
      const weights: number[] = []
      for (let i = start; i < Math.min(inN, Math.ceil(b)); i++) weights.push((Math.min(b, i + 1) - Math.max(a, i)) / f)
      out.push({ start, weights })
    }
    return out
  }
  const sx = spans(w, W)
  const sy = spans(h, H)
  // Rows first (h × W), then columns (H × W).
  const tmp = new Float32Array(h * W)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < W; x++) {
      const { start, weights } = sx[x]
      let s = 0
      for (let k = 0; k < weights.length; k++) s += data[y * w + start + k] * weights[k]
      tmp[y * W + x] = s
    }
  }
  const out = new Float32Array(H * W)
  for (let y = 0; y < H; y++) {
    const { start, weights } = sy[y]
    for (let x = 0; x < W; x++) {
      let s = 0
      for (let k = 0; k < weights.length; k++) s += tmp[(start + k) * W + x] * weights[k]
      out[y * W + x] = s
    }
  }
  return { w: W, h: H, data: out }
}

export type FitMode = 'crop' | 'pad'

/** The h×w that `layers` rounds of 2×2 pooling divide evenly: cropped down or padded up. */
export function fitSize(h: number, w: number, layers: number, mode: FitMode, poolSize = 2): { h: number; w: number } {
  const m = Math.pow(poolSize, layers)
  const round = mode === 'crop' ? Math.floor : Math.ceil
  return { h: round(h / m) * m, w: round(w / m) * m }
}

/** The map centred in an h×w frame: cropped where it is larger, zero-padded where smaller. */
export function centreInFrame(m: Map2d, h: number, w: number): Map2d {
  const data = new Float32Array(h * w)
  // Offsets of the map's top-left in the frame (negative: the map is cropped). An odd
  // difference puts the extra row/column after the image, whether cropping or padding.
  const offset = (frame: number, size: number): number => (frame >= size ? Math.floor((frame - size) / 2) : -Math.floor((size - frame) / 2))
  const oy = offset(h, m.h)
  const ox = offset(w, m.w)
  for (let y = 0; y < h; y++) {
    const sy = y - oy
    if (sy < 0 || sy >= m.h) continue
    for (let x = 0; x < w; x++) {
      const sx = x - ox
      if (sx >= 0 && sx < m.w) data[y * w + x] = m.data[sy * m.w + sx]
    }
  }
  return { h, w, data }
}

/**
 * The image as the filter stack needs it for `layers` layers, with a sentence saying what
 * was done. Throws with a clear message when cropping would leave nothing.
 */
export function fitForStack(m: Map2d, layers: number, mode: FitMode): { map: Map2d; note: string } {
  const side = Math.pow(2, layers)
  const t = fitSize(m.h, m.w, layers, mode)
  if (t.h < 1 || t.w < 1) throw new Error(`a ${m.w}×${m.h} image is too small for ${layers} layers of 2×2 pooling: both sides must be at least ${side} pixels`)
  const why = layers === 0 ? 'no pooling' : `${layers} pooling layer${layers > 1 ? 's need' : ' needs'} both sides divisible by ${side}`
  if (t.h === m.h && t.w === m.w) return { map: m, note: `${m.w}×${m.h}, used as it is (${why})` }
  const how = mode === 'crop' ? 'centre-cropped' : 'zero-padded'
  return { map: centreInFrame(m, t.h, t.w), note: `${m.w}×${m.h} ${how} to ${t.w}×${t.h} (${why})` }
}

/** Bytes 0…255 (an MNIST digit) → a map in [0, 1]. */
export function bytesToMap(bytes: ArrayLike<number>, w: number, h: number): Map2d {
  const data = new Float32Array(w * h)
  for (let i = 0; i < data.length; i++) data[i] = bytes[i] / 255
  return { w, h, data }
}

/** Largest value and largest |value| of a map: the ends of its stated colour scale. */
export function mapRange(data: ArrayLike<number>): { min: number; max: number; absMax: number } {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v < min) min = v
    if (v > max) max = v
  }
  if (data.length === 0) return { min: 0, max: 0, absMax: 0 }
  return { min, max, absMax: Math.max(Math.abs(min), Math.abs(max)) }
}

/**
 * The q-quantile of |value| (q = 0.99: all but the top 1 %), from a 2048-bin histogram
 * between 0 and max|v| — within max|v|/2048 of the exact quantile, in one pass, without
 * sorting a 10⁵-pixel map. A few bright outliers then do not turn the rest of a map black.
 */
export function absQuantile(data: ArrayLike<number>, q: number): number {
  let a = 0
  for (let i = 0; i < data.length; i++) a = Math.max(a, Math.abs(data[i]))
  if (a === 0 || data.length === 0) return 0
  const B = 2048
  const hist = new Uint32Array(B)
  for (let i = 0; i < data.length; i++) hist[Math.min(B - 1, Math.floor((Math.abs(data[i]) / a) * B))]++
  const want = q * data.length
  let seen = 0
  for (let b = 0; b < B; b++) {
    seen += hist[b]
    if (seen >= want) return ((b + 1) / B) * a
  }
  return a
}

/**
 * The grey range used to draw a feature map: [0, max] when it has no negative values (after
 * ReLU: black = 0, white = its largest value), [−a, a] otherwise (mid-grey = 0). A map that
 * is zero everywhere gets [0, 1] (all black).
 */
export function displayRange(min: number, max: number): [number, number] {
  if (min >= 0) return [0, max > 0 ? max : 1]
  const a = Math.max(Math.abs(min), Math.abs(max))
  return [-a, a]
}

/** Fraction of a map's |values| below the white point: the top 1 % saturate. */
export const CLIP_QUANTILE = 0.99

/**
 * How one feature map is drawn: `range` for the grey ramp — [0, top] for a map without
 * negative values (black = 0), [−top, top] otherwise (mid-grey = 0) — with top the 99th
 * percentile of |v| (1 for an all-zero map); `max` is printed beside it.
 */
export function greyScale(data: ArrayLike<number>, clip = CLIP_QUANTILE): { range: [number, number]; signed: boolean; top: number; max: number } {
  const r = mapRange(data)
  const top = absQuantile(data, clip) || r.absMax || 1
  const signed = r.min < 0
  return { range: signed ? [-top, top] : [0, top], signed, top, max: r.max }
}
