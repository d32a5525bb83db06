// Pure helpers of the Autoencoder views, against hand-computed values.
import { describe, expect, it } from 'vitest'
import { histogram, interpolate, latentAxes, latentGrid, paddedRange, pointAt } from '../../../src/renderer/lib/autoencoderViews'
import { columnsCsv, seriesCsv } from '../../../src/renderer/lib/chartCsv'

describe('histogram and ranges', () => {
  it('counts values into equal bins, the ends catching what lies beyond', () => {
    const h = histogram([0, 0.1, 0.24, 0.26, 0.5, 0.99, 1, 7, -3, NaN], 0, 1, 4)
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(h.counts).toEqual([4, 1, 1, 3])
  })
  it('pads a range by a share of its span, and gives a unit span to a flat one', () => {
    expect(paddedRange([1, 3], 0.5)).toEqual([0, 4])
    expect(paddedRange([2, 2], 0.5)).toEqual([1.5, 2.5])
    expect(paddedRange([])).toEqual([-1, 1])
  })
})

describe('the latent plane', () => {
  it('grid points sit at cell centres, rows from the top; a click fraction maps back onto the plane', () => {
    const g = latentGrid([0, 2], [0, 4], 2)
    expect(Array.from(g)).toEqual([0.5, 3, 1.5, 3, 0.5, 1, 1.5, 1])
    expect(pointAt([0, 2], [0, 4], 0.25, 0.25)).toEqual([0.5, 3])
  })
  it('a straight path includes both ends', () => {
    expect(Array.from(interpolate([0, 10], [1, 20], 3))).toEqual([0, 10, 0.5, 15, 1, 20])
  })
  it('two neurons are the plane itself; more are projected on their first two principal axes', () => {
    expect(latentAxes(Float32Array.of(1, 2, 3, 4), 2, 2)).toMatchObject({ mode: 'neurons', labels: ['z₁', 'z₂'] })
    // points along (1, 1, 0) and (0, 0, 1): PCA recovers the two directions, carrying all the variance
    const z = Float32Array.of(2, 2, 0, -2, -2, 0, 0, 0, 1, 0, 0, -1)
    const a = latentAxes(z, 4, 3)
    expect(a.mode).toBe('pca')
    expect(a.explained![0] + a.explained![1]).toBeCloseTo(1, 10)
    expect(Math.abs(a.xy[0])).toBeCloseTo(Math.sqrt(8), 5)
  })
})

describe('CSV of a chart', () => {
  it('puts each series’ x and y in columns, empty cells for NaN and for shorter series, quoting names', () => {
    expect(seriesCsv([{ label: 'a', x: [1, 2], y: [3, NaN] }, { label: 'b, c', x: [5], y: [6] }])).toBe('a x,a,b, c x,"b, c"\n1,3,5,6\n2,,,\n'.replace('b, c x', '"b, c x"'))
    expect(columnsCsv([{ name: 'z', values: [0.5] }])).toBe('z\n0.5\n')
  })
})
