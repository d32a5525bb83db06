// Reading the curves: overfitting is the validation loss rising ≥ 10 % above its minimum over
// at least two later points while the training loss falls; noise and a falling validation
// loss are not overfitting. Dead-unit series are found by their data.
import { describe, expect, it } from 'vitest'
import { deadLayers, detectOverfitting, lastFinite } from '../../../src/renderer/lib/networkCurves'

const x = [1, 2, 3, 4, 5, 6, 7, 8]
const falling = [1.0, 0.7, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15]

describe('detectOverfitting', () => {
  it('finds the minimum of the validation loss and the rise after it', () => {
    const val = [1.0, 0.7, 0.5, 0.45, 0.5, 0.55, 0.6, 0.63]
    const o = detectOverfitting(x, falling, val)!
    expect(o.bestEpoch).toBe(4)
    expect(o.bestLoss).toBe(0.45)
    expect(o.lastLoss).toBe(0.63)
    expect(o.rise).toBeCloseTo(0.4, 10)
  })

  it('is null when the validation loss keeps falling, rises < 10 %, rises only at the last point, or the training loss rises too', () => {
    expect(detectOverfitting(x, falling, falling)).toBeNull()
    expect(detectOverfitting(x, falling, [1, 0.7, 0.5, 0.45, 0.46, 0.47, 0.48, 0.49])).toBeNull()
    expect(detectOverfitting(x, falling, [1, 0.7, 0.5, 0.45, 0.4, 0.35, 0.3, 0.9])).toBeNull()
    const rising = [...falling].reverse()
    expect(detectOverfitting(x, rising, [1.0, 0.7, 0.5, 0.45, 0.5, 0.55, 0.6, 0.63])).toBeNull()
  })

  it('skips measurements without a validation value', () => {
    const val = [NaN, 0.7, NaN, 0.45, NaN, 0.55, NaN, 0.63]
    expect(detectOverfitting(x, falling, val)?.bestEpoch).toBe(4)
  })
})

describe('deadLayers and lastFinite', () => {
  it('lists the layers whose dead-fraction series has data', () => {
    expect(deadLayers({ deadFraction1: [NaN, 0.1], deadFraction2: [NaN, NaN], deadFraction3: [0] })).toEqual([1, 3])
    expect(lastFinite([1, 2, NaN])).toBe(2)
    expect(lastFinite([NaN])).toBeNaN()
  })
})
