// From a drawing on the pad to a network input, the way the MNIST digits were made (LeCun et
// al.): the digit's bounding box is scaled to fit a 20×20 box with its aspect ratio kept
// (anti-aliased, so strokes become grey levels), then the result is placed in the 28×28 field
// so that its centre of mass sits at the field's centre. A network trained on MNIST has only
// ever seen digits normalised this way; feeding it a raw drawing would be unfair to it.
// Pure functions on plain arrays (no DOM): the pad component reads its canvas and calls these.

/** Side of the box the digit is scaled into, for a 28×28 field (MNIST's 20 px). */
export const MNIST_BOX = 20
export const MNIST_FIELD = 28
/** Ink below this (of 1) is paper. */
const INK = 0.02

export interface Box {
  x0: number
  y0: number
  /** Exclusive. */
  x1: number
  y1: number
}

/** Smallest box holding every pixel with ink (> INK), or null for an empty drawing. */
export function boundingBox(ink: ArrayLike<number>, width: number, height: number): Box | null {
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      if (ink[row + x] > INK) {
        if (x < x0) x0 = x
        if (x > x1) x1 = x
        if (y < y0) y0 = y
        if (y > y1) y1 = y
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 }
}

/**
 * Area weights for shrinking n source cells onto m target cells (m ≤ n or m > n): target cell
 * t covers source interval [t·n/m, (t+1)·n/m); each source cell contributes the fraction of
 * it inside, divided by the interval's length, so a constant image stays that constant.
 */
function areaWeights(n: number, m: number): { from: number; w: number[] }[] {
  const out: { from: number; w: number[] }[] = []
  const r = n / m
  for (let t = 0; t < m; t++) {
    const a = t * r
    const b = (t + 1) * r
    const from = Math.floor(a)
    const w: number[] = []
    for (let s = from; s < Math.min(n, Math.ceil(b)); s++) w.push((Math.min(b, s + 1) - Math.max(a, s)) / r)
    out.push({ from, w })
  }
  return out
}

/** Resample the box of `ink` to tw×th by area averaging (separable: rows, then columns). */
export function resampleArea(ink: ArrayLike<number>, width: number, box: Box, tw: number, th: number): Float32Array {
  const sw = box.x1 - box.x0
  const sh = box.y1 - box.y0
  const wx = areaWeights(sw, tw)
  const wy = areaWeights(sh, th)
  const tmp = new Float32Array(sh * tw) // rows of the box, columns already resampled
  for (let y = 0; y < sh; y++) {
    const row = (box.y0 + y) * width + box.x0
    for (let t = 0; t < tw; t++) {
      const { from, w } = wx[t]
      let s = 0
      for (let k = 0; k < w.length; k++) s += w[k] * ink[row + from + k]
      tmp[y * tw + t] = s
    }
  }
  const out = new Float32Array(tw * th)
  for (let t = 0; t < th; t++) {
    const { from, w } = wy[t]
    for (let x = 0; x < tw; x++) {
      let s = 0
      for (let k = 0; k < w.length; k++) s += w[k] * tmp[(from + k) * tw + x]
      out[t * tw + x] = s
    }
  }
  return out
}

/** Intensity-weighted centre of mass (pixel centres at i + ½), or null when there is no ink. */
export function centreOfMass(img: ArrayLike<number>, width: number, height: number): { x: number; y: number } | null {
  let m = 0
  let mx = 0
  let my = 0
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = img[y * width + x]
      m += v
      mx += v * (x + 0.5)
      my += v * (y + 0.5)
    }
  return m > 0 ? { x: mx / m, y: my / m } : null
}

export interface Normalised {
  /** rows×cols values in [0, 1], row-major. */
  image: Float32Array
  /** The scaled digit's size inside the field. */
  width: number
  height: number
  /** Where its top-left corner landed (after centring the mass). */
  left: number
  top: number
}

/**
 * MNIST's normalisation of a drawing (ink in [0, 1], width×height, any resolution) into a
 * rows×cols field (28×28 for MNIST): bounding box → longest side scaled to the box (20 px of
 * 28) with the aspect ratio kept → translated by whole pixels so the centre of mass lands
 * nearest the field's centre. Null for an empty drawing.
 */
export function normaliseLikeMnist(ink: ArrayLike<number>, width: number, height: number, rows = MNIST_FIELD, cols = MNIST_FIELD): Normalised | null {
  const box = boundingBox(ink, width, height)
  if (!box) return null
  const side = Math.max(1, Math.round((Math.min(rows, cols) * MNIST_BOX) / MNIST_FIELD))
  const bw = box.x1 - box.x0
  const bh = box.y1 - box.y0
  const s = side / Math.max(bw, bh)
  const tw = Math.max(1, Math.min(side, Math.round(bw * s)))
  const th = Math.max(1, Math.min(side, Math.round(bh * s)))
  const digit = resampleArea(ink, width, box, tw, th)
  for (let i = 0; i < digit.length; i++) digit[i] = Math.min(1, digit[i])
  const com = centreOfMass(digit, tw, th)!
  const left = Math.round(cols / 2 - com.x)
  const top = Math.round(rows / 2 - com.y)
  const image = new Float32Array(rows * cols)
  for (let y = 0; y < th; y++) {
    const fy = top + y
    if (fy < 0 || fy >= rows) continue
    for (let x = 0; x < tw; x++) {
      const fx = left + x
      if (fx >= 0 && fx < cols) image[fy * cols + fx] = digit[y * tw + x]
    }
  }
  return { image, width: tw, height: th, left, top }
}

/** Ink of RGBA canvas pixels drawn dark on white: 1 − luminance, in [0, 1]. */
export function inkFromRgba(rgba: ArrayLike<number>, out: Float32Array): Float32Array {
  for (let i = 0, p = 0; i < out.length; i++, p += 4) out[i] = 1 - (0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2]) / 255
  return out
}
