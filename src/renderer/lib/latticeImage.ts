// Paint a lattice into the pixels of an ImageData, one pixel per site (the canvas is scaled
// up by CSS). Writing 32-bit words through a Uint32Array view is ~4× faster than four byte
// writes; the colour words are built through a byte view, so they are right on either
// endianness.

export type Rgb = readonly [number, number, number]

export function rgbaWord(rgb: Rgb, alpha = 255): number {
  const bytes = new Uint8Array([rgb[0], rgb[1], rgb[2], alpha])
  return new Uint32Array(bytes.buffer)[0]
}

/** Spins (σ = ±1, or any sign): up → `up`, otherwise `down`. */
export function paintSpins(data: ArrayLike<number>, pixels: Uint32Array, up: number, down: number): void {
  const n = Math.min(data.length, pixels.length)
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

/** Side of a square lattice stored row-major, from its length (or 0 when not square). */
export function squareSide(length: number): number {
  const L = Math.round(Math.sqrt(length))
  return L * L === length ? L : 0
}
