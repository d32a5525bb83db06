// The pad's MNIST normalisation against hand-computed cases: the bounding box goes to 20 px on
// its long side with the aspect kept, area averaging keeps the ink (scaled by the area ratio),
// and the centre of mass lands within half a pixel of the field's centre.
import { describe, expect, it } from 'vitest'
import { boundingBox, centreOfMass, inkFromRgba, normaliseLikeMnist, resampleArea } from '../../../src/renderer/lib/networkPad'

/** A W×H canvas with the rectangle [x0, x1) × [y0, y1) inked (value v). */
function rect(W: number, H: number, x0: number, y0: number, x1: number, y1: number, v = 1): Float32Array {
  const a = new Float32Array(W * H)
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) a[y * W + x] = v
  return a
}
const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0)

describe('bounding box and centre of mass', () => {
  it('finds the inked rectangle, and nothing on an empty pad', () => {
    expect(boundingBox(rect(50, 40, 7, 3, 19, 30), 50, 40)).toEqual({ x0: 7, y0: 3, x1: 19, y1: 30 })
    expect(boundingBox(new Float32Array(100), 10, 10)).toBeNull()
  })

  it('puts the mass of a symmetric shape at its middle, pixel centres at i + ½', () => {
    // pixels x = 2..5, y = 1..2 inked: centre x = (2.5 + 5.5)/2 = 4, y = (1.5 + 2.5)/2 = 2
    expect(centreOfMass(rect(8, 4, 2, 1, 6, 3), 8, 4)).toEqual({ x: 4, y: 2 })
    // one pixel of weight 3 at x=0 and one of weight 1 at x=3: (3·0.5 + 1·3.5)/4 = 1.25
    const a = new Float32Array([3, 0, 0, 1])
    expect(centreOfMass(a, 4, 1)).toEqual({ x: 1.25, y: 0.5 })
  })
})

describe('area resampling', () => {
  it('keeps a constant image constant and averages 2×2 blocks exactly', () => {
    const flat = rect(10, 10, 0, 0, 10, 10, 0.6)
    const out = resampleArea(flat, 10, { x0: 0, y0: 0, x1: 10, y1: 10 }, 3, 7)
    for (const v of out) expect(v).toBeCloseTo(0.6, 6)
    const img = Float32Array.from([1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1])
    expect(Array.from(resampleArea(img, 4, { x0: 0, y0: 0, x1: 4, y1: 4 }, 2, 2))).toEqual([0.75, 0, 0, 1])
  })

  it('preserves the ink times the area ratio (non-integer ratio 7 → 3)', () => {
    const img = new Float32Array(49).map((_, i) => ((i * 37) % 11) / 10)
    const out = resampleArea(img, 7, { x0: 0, y0: 0, x1: 7, y1: 7 }, 3, 3)
    expect(sum(out)).toBeCloseTo((sum(img) * 9) / 49, 5)
  })
})

describe('normaliseLikeMnist', () => {
  it('scales a tall bar to 20 px high with its aspect kept, centred by mass in 28×28', () => {
    // 40 wide × 160 tall on a 280×280 pad: scale 20/160 → 5 × 20
    const pad = rect(280, 280, 30, 10, 70, 170)
    const r = normaliseLikeMnist(pad, 280, 280)!
    expect(r.width).toBe(5)
    expect(r.height).toBe(20)
    const box = boundingBox(r.image, 28, 28)!
    expect(box.y1 - box.y0).toBe(20)
    expect(box.x1 - box.x0).toBe(5)
    const com = centreOfMass(r.image, 28, 28)!
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5)
    // full ink stays full: a solid bar is 1 everywhere inside
    expect(Math.max(...r.image)).toBeCloseTo(1, 6)
    expect(sum(r.image)).toBeCloseTo(100, 4)
  })

  it('centres the mass, not the box: an L shape shifts towards its heavy corner', () => {
    // 100×100 L: a vertical bar (x 0..20, y 0..100) and a foot (x 20..100, y 80..100)
    const pad = new Float32Array(200 * 200)
    const put = (x0: number, y0: number, x1: number, y1: number): void => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) pad[(y + 50) * 200 + x + 50] = 1
    }
    put(0, 0, 20, 100)
    put(20, 80, 100, 100)
    const r = normaliseLikeMnist(pad, 200, 200)!
    expect(r.width).toBe(20)
    expect(r.height).toBe(20)
    // the box's centre is not the field's centre: mass sits low-left, so the box moves up-right
    expect(r.left).toBeGreaterThan(4)
    expect(r.top).toBeLessThan(4)
    const com = centreOfMass(r.image, 28, 28)!
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5)
  })

  it('returns null for an empty drawing and follows other field sizes', () => {
    expect(normaliseLikeMnist(new Float32Array(64), 8, 8)).toBeNull()
    const r = normaliseLikeMnist(rect(100, 100, 10, 10, 90, 90), 100, 100, 14, 14)!
    expect(r.image.length).toBe(196)
    expect(r.width).toBe(10) // 14·20/28
  })
})

describe('ink from canvas pixels', () => {
  it('is 1 − luminance: black ink is 1, white paper is 0', () => {
    const out = inkFromRgba([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255], new Float32Array(3))
    expect(out[0]).toBeCloseTo(1, 6)
    expect(out[1]).toBeCloseTo(0, 6)
    expect(out[2]).toBeCloseTo(1 - 128 / 255, 3)
  })
})
