import { describe, expect, it } from 'vitest'
import { flipRandomPixels, randomPixels } from '../../../src/engine/hopfield/corrupt'
import { createRng } from '../../../src/engine/rng'

describe('randomPixels: the draw behind every "flip a fraction"', () => {
  it('picks round(fraction·N) distinct pixels in range; the fraction is clamped to [0, 1]', () => {
    const rng = createRng(3)
    for (const [N, f, count] of [[64, 0.2, 13], [10, 0.25, 3], [7, 1, 7], [7, 0, 0], [9, 1.5, 9], [9, -0.1, 0]] as const) {
      const px = Array.from(randomPixels(N, f, rng))
      expect(px).toHaveLength(count)
      expect(new Set(px).size).toBe(count)
      for (const i of px) expect(i >= 0 && i < N).toBe(true)
    }
  })

  it('is a uniform subset: each of the C(6,2) = 15 pairs about equally often', () => {
    const rng = createRng(11)
    const counts = new Map<string, number>()
    for (let k = 0; k < 15000; k++) {
      const key = Array.from(randomPixels(6, 2 / 6, rng)).sort().join(',')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(15)
    // 1000 expected each, binomial σ = √(15000 · 1/15 · 14/15) ≈ 31: 5σ bounds.
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(155)
  })

  it('flipRandomPixels negates exactly the drawn pixels', () => {
    const s = Int8Array.from({ length: 40 }, (_, i) => (i % 3 ? 1 : -1))
    const before = s.slice()
    flipRandomPixels(s, 0.3, createRng(5))
    const drawn = new Set(randomPixels(40, 0.3, createRng(5)))
    for (let i = 0; i < 40; i++) expect(s[i]).toBe(drawn.has(i) ? -before[i] : before[i])
  })
})
