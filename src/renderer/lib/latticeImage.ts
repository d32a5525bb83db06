// Paint a lattice into the pixels of an ImageData, one pixel per site (the canvas is scaled
// up by CSS). Writing 32-bit words through a Uint32Array view is ~4× faster than four byte
// writes; the colour words are built through a byte view, so they are right on either
// endianness.

export type Rgb = readonly [number, number, number]

export function rgbaWord(rgb: Rgb, alpha = 255): number {
  const bytes = new Uint8Array([rgb[0], rgb[1], rgb[2], alpha])
  return new Uint32Array(bytes.buffer)[0]
}

const spinLut = new Uint32Array(256)
let spinLutFor: [number, number] = [0, 0]

/**
 * Spins (σ = ±1, or any sign): up → `up`, otherwise `down`. An Int8Array (every Ising frame)
 * goes through a 256-entry table indexed by the byte: no branch per site, which a lattice
 * near Tc would mispredict at every domain wall (~2× faster for L = 512).
 */
export function paintSpins(data: ArrayLike<number>, pixels: Uint32Array, up: number, down: number): void {
  const n = Math.min(data.length, pixels.length)
  if (data instanceof Int8Array) {
    if (spinLutFor[0] !== up || spinLutFor[1] !== down) {
      // bytes 1…127 are the positive int8 values
      for (let b = 0; b < 256; b++) spinLut[b] = b >= 1 && b <= 127 ? up : down
      spinLutFor = [up, down]
    }
    for (let i = 0; i < n; i++) pixels[i] = spinLut[data[i] & 255]
    return
  }
  for (let i = 0; i < n; i++) pixels[i] = data[i] > 0 ? up : down
}

/** Intensities linearly mapped from [lo, hi] to a grey ramp from `dark` (lo) to white (hi). */
export function paintGray(data: ArrayLike<number>, pixels: Uint32Array, lo: number, hi: number): void {
  const n = Math.min(data.length, pixels.length)
  const scale = hi > lo ? 255 / (hi - lo) : 0
  const ramp = new Uint32Array(256)
  for (let g = 0; g < 256; g++) ramp[g] = rgbaWord([g, g, g])
  for (let i = 0; i < n; i++) {
    const v = (data[i] - lo) * scale
    pixels[i] = ramp[v <= 0 ? 0 : v >= 255 ? 255 : v | 0]
  }
}

/** A diverging colour map: its negative end, its zero, its positive end. */
export interface DivergingMap {
  divergingNegative: Rgb
  divergingZero: Rgb
  divergingPositive: Rgb
}

/** The light page's map: negative → blue, 0 → white, positive → red (ColorBrewer RdBu ends). */
export const LIGHT_DIVERGING: DivergingMap = { divergingNegative: [33, 102, 172], divergingZero: [255, 255, 255], divergingPositive: [178, 24, 43] }
/** Colour steps on each side of zero. */
const DIVERGING_STEPS = 255

/** The colour at t ∈ [−1, 1]: linear in RGB from the negative end (−1) through zero to the positive end (+1); t outside is clamped, NaN is zero. */
export function divergingRgb(t: number, map: DivergingMap = LIGHT_DIVERGING): [number, number, number] {
  const u = t > 1 ? 1 : t < -1 ? -1 : t === t ? t : 0
  const end = u < 0 ? map.divergingNegative : map.divergingPositive
  const zero = map.divergingZero
  const a = Math.abs(u)
  return [0, 1, 2].map((k) => Math.round(zero[k] + (end[k] - zero[k]) * a)) as [number, number, number]
}

/**
 * Signed values to the diverging scale, zero's colour at exactly 0 whatever the range: values
 * are clamped to [lo, hi], a negative v is coloured at v/|lo| and a positive one at v/hi (so
 * an asymmetric range keeps 0 at zero's colour; a symmetric one ±M is the usual v/M). A side of
 * the range that is not beyond 0 (lo ≥ 0 or hi ≤ 0) has nothing to show there.
 */
export function paintDiverging(data: ArrayLike<number>, pixels: Uint32Array, lo: number, hi: number, map: DivergingMap = LIGHT_DIVERGING): void {
  const n = Math.min(data.length, pixels.length)
  const ramp = new Uint32Array(2 * DIVERGING_STEPS + 1)
  for (let k = -DIVERGING_STEPS; k <= DIVERGING_STEPS; k++) ramp[k + DIVERGING_STEPS] = rgbaWord(divergingRgb(k / DIVERGING_STEPS, map))
  const neg = lo < 0 ? DIVERGING_STEPS / -lo : 0
  const pos = hi > 0 ? DIVERGING_STEPS / hi : 0
  for (let i = 0; i < n; i++) {
    const v = data[i]
    // The nearest step, rounding |v| on both sides so ±v get mirror colours; clamping after
    // scaling is the same as clamping v to [lo, hi].
    const k = v < 0 && neg > 0 ? -Math.min(DIVERGING_STEPS, Math.round(-v * neg)) : v > 0 && pos > 0 ? Math.min(DIVERGING_STEPS, Math.round(v * pos)) : 0
    pixels[i] = ramp[k + DIVERGING_STEPS]
  }
}

/** ±max|v|: the symmetric range of a diverging picture (a tiny positive number for all zeros, so the range is never empty). */
export function symmetricRange(data: ArrayLike<number>): [number, number] {
  let m = 0
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i])
    if (a > m) m = a
  }
  const M = m > 0 ? m : 1e-12
  return [-M, M]
}

/** Side of a square lattice stored row-major, from its length (or 0 when not square). */
export function squareSide(length: number): number {
  const L = Math.round(Math.sqrt(length))
  return L * L === length ? L : 0
}
