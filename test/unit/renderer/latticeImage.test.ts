import { describe, expect, it } from 'vitest'
import {
  LIGHT_DIVERGING,
  divergingRgb,
  paintDiverging,
  paintGray,
  paintSpins,
  rgbaWord,
  symmetricRange
} from '../../../src/renderer/lib/latticeImage'

/** The RGBA bytes written for each pixel. */
function paint(f: (pixels: Uint32Array) => void, n: number): number[][] {
  const pixels = new Uint32Array(n)
  f(pixels)
  const bytes = new Uint8Array(pixels.buffer)
  return Array.from({ length: n }, (_, i) => Array.from(bytes.subarray(4 * i, 4 * i + 4)))
}

const WHITE = [255, 255, 255, 255]
const BLUE = [...LIGHT_DIVERGING.divergingNegative, 255]
const RED = [...LIGHT_DIVERGING.divergingPositive, 255]

describe('diverging colours for weights', () => {
  it('blue at −max, white at 0, red at +max; beyond the range is clamped', () => {
    const px = paint((p) => paintDiverging([-2, 0, 2, -5, 7], p, -2, 2), 5)
    expect(px).toEqual([BLUE, WHITE, RED, BLUE, RED])
  })

  it('halfway is the RGB midpoint between white and the end colour (hand-computed)', () => {
    // White (255,255,255) → red (178,24,43) at ½: (216.5, 139.5, 149) → rounded (217, 140, 149); blue (33,102,172): (144, 178.5, 213.5) → (144, 179, 214).
    expect(divergingRgb(0.5)).toEqual([217, 140, 149])
    expect(divergingRgb(-0.5)).toEqual([144, 179, 214])
    expect(divergingRgb(0)).toEqual([255, 255, 255])
    expect(divergingRgb(Number.NaN)).toEqual([255, 255, 255])
    expect(divergingRgb(3)).toEqual([...LIGHT_DIVERGING.divergingPositive])
    // A dark page's map: zero is its own colour, the ends are reached linearly from it.
    const dark = { divergingNegative: [100, 160, 200], divergingZero: [20, 20, 30], divergingPositive: [240, 140, 100] } as const
    expect(divergingRgb(0, dark)).toEqual([20, 20, 30])
    expect(divergingRgb(-1, dark)).toEqual([100, 160, 200])
    expect(divergingRgb(0.5, dark)).toEqual([130, 80, 65])
  })

  it('values map to the nearest of 255 steps per side: v = ±M/2 paints the ±½ colour', () => {
    const px = paint((p) => paintDiverging([-0.5, 0.5], p, -1, 1), 2)
    expect(px).toEqual([
      [...divergingRgb(-128 / 255), 255],
      [...divergingRgb(128 / 255), 255]
    ])
  })

  it('an asymmetric range keeps 0 white and scales each side by its own end', () => {
    const px = paint((p) => paintDiverging([-1, 0, 4, 2], p, -1, 4), 4)
    expect(px[0]).toEqual(BLUE)
    expect(px[1]).toEqual(WHITE)
    expect(px[2]).toEqual(RED)
    expect(px[3]).toEqual([...divergingRgb(128 / 255), 255])
  })

  it('a range with no negative side leaves negative values white; NaN is white', () => {
    const px = paint((p) => paintDiverging([-3, Number.NaN, -Infinity, 1], p, 0, 1), 4)
    expect(px).toEqual([WHITE, WHITE, WHITE, RED])
  })

  it('symmetricRange is ±max|v|, never empty', () => {
    expect(symmetricRange([0.1, -0.4, 0.3])).toEqual([-0.4, 0.4])
    const [lo, hi] = symmetricRange([0, 0])
    expect(hi).toBeGreaterThan(0)
    expect(lo).toBe(-hi)
  })
})

describe('the existing modes are unchanged', () => {
  it('spin: positive → up colour, else down', () => {
    const up = rgbaWord([1, 2, 3])
    const down = rgbaWord([9, 8, 7])
    const px = paint((p) => paintSpins([1, -1, 0, 0.5], p, up, down), 4)
    expect(px).toEqual([
      [1, 2, 3, 255],
      [9, 8, 7, 255],
      [9, 8, 7, 255],
      [1, 2, 3, 255]
    ])
  })
  it('spin, Int8 lattices (the table path): every byte value gets the colour of its sign, for any colours', () => {
    const all = Int8Array.from({ length: 256 }, (_, b) => (b << 24) >> 24) // −128…127
    for (const [u, d] of [
      [
        [1, 2, 3],
        [9, 8, 7]
      ],
      [
        [200, 0, 50],
        [0, 0, 0]
      ]
    ] as const) {
      const up = rgbaWord(u)
      const down = rgbaWord(d)
      const px = paint((p) => paintSpins(all, p, up, down), 256)
      all.forEach((v, i) => expect(px[i], `σ = ${v}`).toEqual(v > 0 ? [...u, 255] : [...d, 255]))
    }
  })

  it('gray: [lo, hi] → black to white, clamped', () => {
    const px = paint((p) => paintGray([0, 0.5, 1, -1, 2], p, 0, 1), 5)
    expect(px.map((c) => c[0])).toEqual([0, 127, 255, 0, 255])
  })
})
