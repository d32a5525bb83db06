import { describe, expect, it } from 'vitest'
import { GeometryError } from '../../../src/engine/cnn/geometry'
import { HAND_FILTERS, HORIZONTAL, VERTICAL, X_SHAPED, applyFilterStack, cropCenter, stackFitSize, type Map2d } from '../../../src/engine/cnn/handFilters'
import { refPoolForward } from './reference'

const blank = (h: number, w: number): Map2d => ({ h, w, data: new Float32Array(h * w) })
const at = (m: Map2d, y: number, x: number): number => m.data[y * m.w + x]

describe('hand filters (Fig. 8)', () => {
  it('are 3×3, zero-sum line detectors, horizontal = transpose of vertical', () => {
    for (const f of [VERTICAL, HORIZONTAL]) expect(f.weights.reduce((a, b) => a + b, 0)).toBe(0)
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) expect(HORIZONTAL.weights[u * 3 + v]).toBe(VERTICAL.weights[v * 3 + u])
    expect(Array.from(X_SHAPED.weights)).toEqual([1, -1, 1, -1, 1, -1, 1, -1, 1])
  })
  it('a vertical line: the vertical filter gives 3·2 = 6 on it, the horizontal one 2 − 1 − 1 = 0 (interior)', () => {
    const img = blank(12, 12)
    for (let y = 0; y < 12; y++) img.data[y * 12 + 5] = 1
    const [[v, h]] = applyFilterStack(img, [VERTICAL, HORIZONTAL], 1, { pool: null })
    for (let y = 1; y < 11; y++) {
      expect(at(v, y, 5)).toBe(6)
      expect(at(v, y, 4)).toBe(0) // −3 before ReLU
      expect(at(v, y, 8)).toBe(0)
      expect(at(h, y, 5)).toBe(0)
    }
    const [[vLeaky]] = applyFilterStack(img, [VERTICAL], 1, { pool: null, activation: 'leakyRelu', leak: 0.1 })
    expect(at(vLeaky, 6, 4)).toBeCloseTo(-0.3, 6)
    const [[vNone]] = applyFilterStack(img, [VERTICAL], 1, { pool: null, activation: 'none' })
    expect(at(vNone, 6, 6)).toBe(-3)
  })
})

describe('applyFilterStack (Fig. 12)', () => {
  // A bright rectangle outline with one diagonal: horizontal, vertical and diagonal features.
  const img = blank(32, 32)
  for (let x = 4; x < 28; x++) img.data[6 * 32 + x] = img.data[25 * 32 + x] = 1
  for (let y = 6; y < 26; y++) img.data[y * 32 + 4] = img.data[y * 32 + 27] = 1
  for (let k = 6; k < 26; k++) img.data[k * 32 + k] = 1

  it('grid: rows = layers, columns = filters, resolution halved per row by 2×2 pooling', () => {
    const grid = applyFilterStack(img, HAND_FILTERS, 4)
    expect(grid.length).toBe(4)
    grid.forEach((row, l) => {
      expect(row.length).toBe(3)
      for (const m of row) expect([m.h, m.w]).toEqual([32 >> (l + 1), 32 >> (l + 1)])
    })
  })
  it('a layer = conv + ReLU + 2×2 max pooling (pooling checked against the reference)', () => {
    const [[noPool]] = applyFilterStack(img, [HORIZONTAL], 1, { pool: null })
    const [[pooled]] = applyFilterStack(img, [HORIZONTAL], 1)
    const ref = refPoolForward({ n: 1, c: 1, h: 32, w: 32, kH: 2, kW: 2, sH: 2, sW: 2, padTop: 0, padLeft: 0, hOut: 16, wOut: 16 }, noPool.data, 'max')
    expect(Array.from(pooled.data)).toEqual(Array.from(ref))
    const [[avg]] = applyFilterStack(img, [HORIZONTAL], 1, { pool: { mode: 'avg', size: 2 } })
    expect(Array.from(avg.data)).toEqual(Array.from(refPoolForward({ n: 1, c: 1, h: 32, w: 32, kH: 2, kW: 2, sH: 2, sW: 2, padTop: 0, padLeft: 0, hOut: 16, wOut: 16 }, noPool.data, 'avg')))
    expect(Math.min(...noPool.data)).toBe(0) // ReLU
  })
  it("from layer 2 on every filter reads the previous horizontal output (the paper's choice), or its own", () => {
    const grid = applyFilterStack(img, HAND_FILTERS, 3)
    for (let l = 1; l < 3; l++)
      HAND_FILTERS.forEach((f, k) => {
        const [[again]] = applyFilterStack(grid[l - 1][1], [f], 1)
        expect(Array.from(grid[l][k].data)).toEqual(Array.from(again.data))
      })
    const own = applyFilterStack(img, HAND_FILTERS, 2, { feedFrom: 'own' })
    const [[vv]] = applyFilterStack(own[0][0], [VERTICAL], 1)
    expect(Array.from(own[1][0].data)).toEqual(Array.from(vv.data))
    expect(Array.from(own[1][0].data)).not.toEqual(Array.from(grid[1][0].data))
  })
  it('the horizontal filter keeps the horizontal edges, the vertical one the vertical edges', () => {
    const [[v, h]] = applyFilterStack(img, [VERTICAL, HORIZONTAL], 1)
    // Row 6 (top edge) pools to row 3; column 4 (left edge) pools to column 2; away from corners.
    expect(at(h, 3, 8)).toBeGreaterThan(0)
    expect(at(v, 3, 8)).toBe(0)
    expect(at(v, 9, 2)).toBeGreaterThan(0)
    expect(at(h, 9, 2)).toBe(0)
  })
  it('a size that pooling cannot halve is refused before any work, with the crop that fits', () => {
    expect(() => applyFilterStack(blank(30, 30), HAND_FILTERS, 3)).toThrow(GeometryError)
    expect(() => applyFilterStack(blank(30, 30), HAND_FILTERS, 3)).toThrow(/layer 2 pooling: height: pooling: \(15 \+ 2·0 − 2\)\/2 \+ 1 = 7\.5 is not an integer.*; crop the image to 24×24 for 3 layers/)
    expect(stackFitSize(30, 45, 3)).toEqual({ h: 24, w: 40 })
    const c = cropCenter({ h: 3, w: 4, data: Float32Array.from({ length: 12 }, (_, i) => i) }, 1, 2)
    expect(Array.from(c.data)).toEqual([5, 6])
    expect(() => applyFilterStack(img, HAND_FILTERS, 5)).toThrow(/layers must be 1…4/)
  })
})
