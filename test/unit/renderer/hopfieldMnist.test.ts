import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import {
  axisTaps,
  binarize,
  digitPattern,
  firstSeen,
  gapIndices,
  parseClasses,
  resizeGrey,
  strideSample
} from '../../../src/renderer/lib/hopfieldMnist'

describe('resizing a grey image to the grid', () => {
  it('halving averages 2×2 blocks (hand-computed)', () => {
    // prettier-ignore
    const img = [
      0, 255, 10, 20,
      255, 255, 30, 40,
      100, 100, 200, 200,
      100, 100, 200, 201
    ]
    expect(Array.from(resizeGrey(img, 4, 4, 2, 2))).toEqual([191.25, 25, 100, 200.25])
    expect(Array.from(digitPattern(img, 4, 4, 2, 2))).toEqual([1, -1, -1, 1])
  })

  it('3 → 2 weighs each source pixel by its overlap: (2a + b)/3 and (b + 2c)/3', () => {
    expect(axisTaps(3, 2)).toEqual({ index: [Int32Array.of(0, 1), Int32Array.of(1, 2)], weight: [Int32Array.of(2, 1), Int32Array.of(1, 2)], total: 3 })
    expect(Array.from(resizeGrey([0, 192, 255], 3, 1, 2, 1))).toEqual([64, 234])
  })

  it('enlarging takes the nearest source pixel ⌊(x + ½)·n/m⌋', () => {
    expect(Array.from(resizeGrey([7, 9], 2, 1, 4, 1))).toEqual([7, 7, 9, 9])
    expect(Array.from(resizeGrey([7, 9], 2, 1, 3, 1))).toEqual([7, 9, 9])
    expect(Array.from(resizeGrey([1, 2, 3], 3, 1, 5, 1))).toEqual([1, 1, 2, 3, 3])
    // Vertically too: a column 2 → 4.
    expect(Array.from(resizeGrey([7, 9], 1, 2, 1, 4))).toEqual([7, 7, 9, 9])
  })

  it('each axis follows its own rule: width shrinks by area, height grows by nearest', () => {
    // 3 wide × 2 high → 2 wide × 4 high. Row 0 [0,192,255] → [64,234]; row 1 [255,0,0] → [170,0]; rows doubled.
    const out = resizeGrey([0, 192, 255, 255, 0, 0], 3, 2, 2, 4)
    expect(Array.from(out)).toEqual([64, 234, 64, 234, 170, 0, 170, 0])
  })

  it('at the same size the image is unchanged', () => {
    const rng = createRng(5)
    const img = Uint8Array.from({ length: 28 * 28 }, () => rng.int(256))
    expect(Array.from(resizeGrey(img, 28, 28, 28, 28))).toEqual(Array.from(img))
  })

  it('area averaging keeps the mean grey level for any ratio (28×28 → 10×12)', () => {
    const rng = createRng(6)
    const img = Uint8Array.from({ length: 28 * 28 }, () => rng.int(256))
    const out = resizeGrey(img, 28, 28, 10, 12)
    const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length
    expect(mean(out)).toBeCloseTo(mean(img), 9)
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...out)).toBeLessThanOrEqual(255)
  })

  it('a block of ink on a 28×28 digit lands where it should at 14×14', () => {
    const img = new Uint8Array(28 * 28)
    for (let r = 4; r < 24; r++) for (let c = 6; c < 12; c++) img[r * 28 + c] = 255
    const s = digitPattern(img, 28, 28, 14, 14)
    for (let r = 0; r < 14; r++)
      for (let c = 0; c < 14; c++) expect(s[r * 14 + c], `(${r},${c})`).toBe(r >= 2 && r < 12 && c >= 3 && c < 6 ? 1 : -1)
  })

  it('refuses an image of the wrong length', () => {
    expect(() => resizeGrey([1, 2, 3], 2, 2, 1, 1)).toThrow(/4 pixels/)
  })
})

describe('binarizing at grey 128', () => {
  it('≥ 128 is ink (+1), below is background (−1)', () => {
    expect(Array.from(binarize([0, 127, 127.999, 128, 200, 255]))).toEqual([-1, -1, -1, 1, 1, 1])
  })
  it('ties after averaging are exact, also with fractional overlaps', () => {
    expect(Array.from(digitPattern([255, 1], 2, 1, 1, 1))).toEqual([1]) // mean 128
    expect(Array.from(digitPattern([255, 0], 2, 1, 1, 1))).toEqual([-1]) // mean 127.5
    // 3 → 2: the second pixel is (0 + 2·192)/3 = 128 exactly; with 191 it is 127.33.
    expect(Array.from(digitPattern([255, 0, 192], 3, 1, 2, 1))).toEqual([1, 1])
    expect(Array.from(digitPattern([255, 0, 191], 3, 1, 2, 1))).toEqual([1, -1])
  })
})

describe('choosing the classes', () => {
  it('reads digits, ranges and separators', () => {
    expect(parseClasses('0123456789')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(parseClasses('0-4')).toEqual([0, 1, 2, 3, 4])
    expect(parseClasses('3 8')).toEqual([3, 8])
    expect(parseClasses('1, 7-9')).toEqual([1, 7, 8, 9])
  })
  it('says what is wrong', () => {
    expect(parseClasses('')).toMatch(/Type the digit classes/)
    expect(parseClasses('3a')).toMatch(/'a' is not a digit class/)
    expect(parseClasses('33')).toMatch(/Each class once/)
    expect(parseClasses('5-2')).toMatch(/smaller to a larger/)
    expect(parseClasses('7', 5)).toMatch(/no 7/)
  })
})

describe('finding the first digit of each class', () => {
  // A set grouped by class like the bundled one: 37 zeros, 51 ones, 12 twos (first indices 0, 37, 88).
  const labels = [...Array(37).fill(0), ...Array(51).fill(1), ...Array(12).fill(2)]
  it('a stride sample, then the gap before each first sighting, finds the exact first indices', () => {
    const { stride, indices } = strideSample(labels.length, 8)
    expect(stride).toBe(13)
    expect(indices).toEqual([0, 13, 26, 39, 52, 65, 78, 91])
    const seen = firstSeen(indices, indices.map((i) => labels[i]), 3)
    expect(seen).toEqual([0, 39, 91])
    const gap = gapIndices(seen, stride)
    expect(gap).toEqual([0, ...Array.from({ length: 13 }, (_, k) => 27 + k), ...Array.from({ length: 13 }, (_, k) => 79 + k)])
    expect(firstSeen(gap, gap.map((i) => labels[i]), 3)).toEqual([0, 37, 88])
  })
  it('a class never seen stays −1 and adds nothing to read', () => {
    expect(firstSeen([0, 5], [1, 1], 3)).toEqual([-1, 0, -1])
    expect(gapIndices([-1, 5, -1], 3)).toEqual([3, 4, 5])
  })
  it('a set smaller than one call is read whole', () => {
    expect(strideSample(5, 400)).toEqual({ stride: 1, indices: [0, 1, 2, 3, 4] })
  })
})
