import { describe, expect, it } from 'vitest'
import {
  absQuantile,
  areaResize,
  centreInFrame,
  fitForStack,
  fitSize,
  greyScale,
  imageSizeProblem,
  rgbaToGrey,
  workingSize
} from '../../../src/renderer/lib/cnnImage'
import { createRng } from '../../../src/engine/rng'

const randomMap = (h: number, w: number, seed: number): { h: number; w: number; data: Float32Array } => {
  const rng = createRng(seed, 0)
  return { h, w, data: Float32Array.from({ length: h * w }, () => rng.uniform()) }
}

describe('grey conversion (BT.601 luma, alpha on white)', () => {
  it('weights R, G, B by 0.299, 0.587, 0.114', () => {
    const rgba = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]
    const g = rgbaToGrey(rgba, 4, 1)
    expect(g[0]).toBeCloseTo(0.299, 6)
    expect(g[1]).toBeCloseTo(0.587, 6)
    expect(g[2]).toBeCloseTo(0.114, 6)
    expect(g[3]).toBeCloseTo(1, 6)
  })
  it('composites transparency on white', () => {
    const g = rgbaToGrey([0, 0, 0, 0, 0, 0, 0, 128], 2, 1)
    expect(g[0]).toBeCloseTo(1, 6)
    expect(g[1]).toBeCloseTo(1 - 128 / 255, 6)
  })
})

describe('size rules', () => {
  it('refuses empty and over-4096 images, accepts 4096×4096', () => {
    expect(imageSizeProblem(0, 5)).toMatch(/empty/)
    expect(imageSizeProblem(4097, 10)).toMatch(/4097×10.*4096×4096/)
    expect(imageSizeProblem(10, 4097)).toMatch(/largest accepted/)
    expect(imageSizeProblem(4096, 4096)).toBeNull()
    // Too thin for the filters' four 2×2 poolings: refused like any bad file (issue 13, Medium 10).
    expect(imageSizeProblem(1, 1)).toBe("the image is 1×1 pixels: the filters' layers of 2×2 pooling need at least 16 pixels on each side")
    expect(imageSizeProblem(2000, 3)).toBe("the image is 2000×3 pixels, 512×1 once its longer side is shrunk to 512: the filters' layers of 2×2 pooling need at least 16 pixels on each side")
    expect(imageSizeProblem(4096, 128)).toBeNull()
    expect(imageSizeProblem(28, 28)).toBeNull()
    expect(imageSizeProblem(16, 16)).toBeNull()
    expect(imageSizeProblem(15, 400)).toMatch(/at least 16/)
  })
  it('shrinks the longer side to 512, never enlarges', () => {
    expect(workingSize(451, 300)).toEqual({ w: 451, h: 300 })
    expect(workingSize(4096, 2048)).toEqual({ w: 512, h: 256 })
    expect(workingSize(1000, 10)).toEqual({ w: 512, h: 5 })
    expect(workingSize(28, 28)).toEqual({ w: 28, h: 28 })
  })
})

describe('area-average resampling', () => {
  it('a 2× shrink is the mean of each 2×2 block (hand-computed)', () => {
    const m = { h: 4, w: 4, data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) }
    const r = areaResize(m, 2, 2)
    expect(Array.from(r.data)).toEqual([3.5, 5.5, 11.5, 13.5])
  })
  it('keeps a constant image constant and the mean brightness, for a non-integer factor', () => {
    const c = areaResize({ h: 60, w: 100, data: new Float32Array(6000).fill(0.37) }, 37, 23)
    for (const v of c.data) expect(v).toBeCloseTo(0.37, 5)
    const m = randomMap(60, 100, 3)
    const r = areaResize(m, 37, 23)
    const mean = (d: Float32Array): number => d.reduce((s, v) => s + v, 0) / d.length
    expect(mean(r.data)).toBeCloseTo(mean(m.data), 5)
  })
  it('refuses to enlarge', () => {
    expect(() => areaResize(randomMap(4, 4, 1), 5, 4)).toThrow(/only shrinks/)
  })
})

describe('fitting to the pooling layers', () => {
  it('crops the cat 451×300 to 448×296 for three layers, centred', () => {
    expect(fitSize(300, 451, 3, 'crop')).toEqual({ h: 296, w: 448 })
    const m = randomMap(300, 451, 5)
    const f = fitForStack(m, 3, 'crop')
    expect(f.map.w).toBe(448)
    expect(f.map.h).toBe(296)
    // Offsets floor((300 − 296)/2) = 2 rows, floor((451 − 448)/2) = 1 column.
    expect(f.map.data[0]).toBe(m.data[2 * 451 + 1])
    expect(f.map.data[295 * 448 + 447]).toBe(m.data[297 * 451 + 448])
    expect(f.note).toMatch(/451×300 centre-cropped to 448×296.*divisible by 8/)
  })
  it('pads a 28×28 digit with zeros to 32×32 for four layers, digit centred', () => {
    const m = randomMap(28, 28, 6)
    const f = fitForStack(m, 4, 'pad')
    expect([f.map.h, f.map.w]).toEqual([32, 32])
    expect(f.map.data[0]).toBe(0)
    expect(f.map.data[2 * 32 + 2]).toBe(m.data[0])
    expect(f.map.data[29 * 32 + 29]).toBe(m.data[27 * 28 + 27])
    expect(f.map.data[30 * 32 + 30]).toBe(0)
  })
  it('keeps an image that already divides, and says why', () => {
    const m = randomMap(16, 32, 7)
    const f = fitForStack(m, 4, 'crop')
    expect(f.map).toBe(m)
    expect(f.note).toMatch(/used as it is/)
  })
  it('says when an image is too small to crop', () => {
    expect(() => fitForStack(randomMap(10, 40, 8), 4, 'crop')).toThrow(/too small for 4 layers.*at least 16 pixels/)
  })
  it('centreInFrame crops and pads in one call', () => {
    const m = { h: 2, w: 4, data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }
    const f = centreInFrame(m, 4, 2)
    expect(Array.from(f.data)).toEqual([0, 0, 2, 3, 6, 7, 0, 0])
  })
})

describe('grey scale of a feature map', () => {
  it('absQuantile is within max/2048 of the exact quantile', () => {
    const m = randomMap(100, 100, 9)
    for (let i = 0; i < m.data.length; i++) m.data[i] = (m.data[i] - 0.3) * 5
    const sorted = Array.from(m.data, Math.abs).sort((a, b) => a - b)
    const exact = sorted[Math.ceil(0.99 * sorted.length) - 1]
    const max = sorted[sorted.length - 1]
    expect(Math.abs(absQuantile(m.data, 0.99) - exact)).toBeLessThanOrEqual(max / 2048 + 1e-6)
  })
  it('a map without negative values goes from 0; a signed one is symmetric; all-zero gets [0, 1]', () => {
    const pos = greyScale(Float32Array.from({ length: 100 }, (_, i) => i))
    expect(pos.range[0]).toBe(0)
    expect(pos.signed).toBe(false)
    expect(pos.max).toBe(99)
    const signed = greyScale(Float32Array.from({ length: 100 }, (_, i) => i - 80))
    expect(signed.signed).toBe(true)
    expect(signed.range[0]).toBe(-signed.range[1])
    expect(greyScale(new Float32Array(10)).range).toEqual([0, 1])
  })
})
