import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { classifyRecall, MIXTURE_OVERLAP } from '../../../src/engine/hopfield/outcome'
import { nearestPattern, overlaps } from '../../../src/engine/hopfield/overlap'
import { hebbianWeights } from '../../../src/engine/hopfield/weights'
import { HopfieldState } from '../../../src/engine/hopfield/state'
import { relax } from '../../../src/engine/hopfield/dynamics'
import { patternSet } from '../../../src/engine/hopfield/recallJob'
import { H, V, randomSet } from './helpers'

describe('overlaps m_μ = (1/N) Σ P^μ_i s_i', () => {
  it('by hand on the stripes', () => {
    const P = patternSet([V, H], 16)
    expect(Array.from(overlaps(P, V))).toEqual([1, 0])
    expect(Array.from(overlaps(P, H.map((v) => -v)))).toEqual([0, -1])
    const s = [...V]
    s[0] = 0 // unknown pixel: counts nothing
    s[1] = -s[1]
    // m_V: 16 − 1 (pixel 0 now counts 0) − 2 (pixel 1 now disagrees) = 13.
    // m_H: V·H = 0; pixel 0 loses H₀V₀ = +1, pixel 1 turns H₁V₁ = −1 into +1: 0 − 1 + 2 = 1.
    expect(Array.from(overlaps(P, s))).toEqual([13 / 16, 1 / 16])
    expect(nearestPattern([0.2, -0.7, 0.7])).toEqual({ index: 1, overlap: -0.7 })
  })
  it('the incremental overlaps of a running state equal the direct sums', () => {
    const P = randomSet(5, 50, 3)
    const st = new HopfieldState({ N: 50, W: hebbianWeights(P), b: new Float64Array(50) }, Array.from({ length: 50 }, (_, i) => (i % 3 ? 1 : -1)), P)
    relax(st, { dynamics: 'async-random', T: 1, maxSweeps: 20, rng: createRng(2) })
    expect(st.overlaps()).toEqual(Array.from(overlaps(P, st.s)))
  })
})

describe('recall outcome', () => {
  it('classifies by the nearest pattern, a cycle, a mixture or neither', () => {
    expect(classifyRecall([1, 0], 1, false)).toEqual({ outcome: 'recalled', recalledIndex: 0, inverted: false, components: [0] })
    expect(classifyRecall([0, -1], 1, false)).toEqual({ outcome: 'inverse', recalledIndex: 1, inverted: true, components: [1] })
    expect(classifyRecall([0.95, 0.1], 1, false).outcome).toBe('spurious') // not exact, one component only
    expect(classifyRecall([0.95, 0.1], 0.9, false)).toMatchObject({ outcome: 'recalled', recalledIndex: 0 })
    expect(classifyRecall([0.5, -0.5, 0.5], 1, false)).toEqual({ outcome: 'mixture', recalledIndex: -1, inverted: false, components: [0, 1, 2] })
    expect(classifyRecall([0.1, -0.2], 1, false).outcome).toBe('spurious')
    expect(classifyRecall([1, 0], 1, true).outcome).toBe('cycle')
    expect(MIXTURE_OVERLAP).toBeLessThan(0.5)
  })
  it('the symmetric 3-mixture sign(ξ¹+ξ²+ξ³) is itself a stable state of the Hebbian net (m ≈ ½ each)', () => {
    const N = 1000
    const P = randomSet(3, N, 77)
    const s0 = Array.from({ length: N }, (_, i) => Math.sign(P.data[i] + P.data[N + i] + P.data[2 * N + i]))
    const st = new HopfieldState({ N, W: hebbianWeights(P), b: new Float64Array(N) }, s0, P)
    const res = relax(st, { dynamics: 'async-random', T: 1, maxSweeps: 20, rng: createRng(1) })
    expect(res.converged).toBe(true)
    const m = st.overlaps()
    for (const v of m) expect(Math.abs(v - 0.5)).toBeLessThan(0.06) // ½ ± a few /√N
    expect(classifyRecall(m, 1, false)).toMatchObject({ outcome: 'mixture', components: expect.arrayContaining([0, 1, 2]) })
  })
})
