import { describe, expect, it } from 'vitest'
import { createRng, shuffle } from '../../src/engine/rng'

describe('shuffle (Fisher–Yates)', () => {
  it('draws int(n), int(n−1), …, int(2) and swaps from the end: worked by hand with every draw 0', () => {
    const asked: number[] = []
    const zeros = { int: (n: number): number => (asked.push(n), 0) }
    // i = 3 ↔ 0: 3 1 2 0; i = 2 ↔ 0: 2 1 3 0; i = 1 ↔ 0: 1 2 3 0
    expect(Array.from(shuffle(Int32Array.from([0, 1, 2, 3]), zeros))).toEqual([1, 2, 3, 0])
    expect(asked).toEqual([4, 3, 2])
  })

  it('gives every permutation of 3 about equally often', () => {
    const rng = createRng(9)
    const counts = new Map<string, number>()
    for (let k = 0; k < 6000; k++) {
      const key = Array.from(shuffle(Int32Array.from([0, 1, 2]), rng)).join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    // 1000 expected each, binomial σ ≈ 29: 5σ bounds.
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(145)
  })
})
