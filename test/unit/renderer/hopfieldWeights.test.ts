import { describe, expect, it } from 'vitest'
import { hebbianWeights, pseudoInverseWeights } from '../../../src/engine/hopfield/weights'
import { createRng } from '../../../src/engine/rng'
import { fullWeights, hebbianRow, maxAbs, packPatterns, weightRow } from '../../../src/renderer/lib/hopfieldWeights'
import { bitErrorTheoryAt, capacityFromResult, capacityFromRows, theoryCurve } from '../../../src/renderer/lib/hopfieldCapacity'

describe('weights for the heat map', () => {
  const rng = createRng(11)
  const N = 30
  const pats = Array.from({ length: 4 }, () => Array.from({ length: N }, () => (rng.uniform() < 0.5 ? 1 : -1)))
  const data = packPatterns(pats, N)
  it('a Hebbian row by Eq. 3 equals the row of the full matrix, with Wᵢᵢ = 0', () => {
    const W = hebbianWeights({ p: 4, N, data })
    for (const i of [0, 7, 29]) {
      const row = hebbianRow(data, 4, N, i)
      expect(row[i]).toBe(0)
      for (let j = 0; j < N; j++) expect(row[j]).toBeCloseTo(W[i * N + j], 12)
    }
  })
  it('with one stored pattern the incoming weights of neuron i are Pᵢ·P/N (the pattern itself, up to sign)', () => {
    const one = packPatterns([pats[0]], N)
    const row = hebbianRow(one, 1, N, 3)
    for (let j = 0; j < N; j++) expect(row[j]).toBeCloseTo(j === 3 ? 0 : (pats[0][3] * pats[0][j]) / N, 12)
  })
  it('beyond the heat-map size only the Hebbian row is available; the pseudo-inverse row comes from the full matrix', () => {
    expect(fullWeights('hebbian', new Int8Array(2000), 1, 2000)).toBeNull()
    expect(weightRow(null, 'storkey', data, 4, N, 0)).toBeNull()
    expect(weightRow(null, 'hebbian', data, 4, N, N)).toBeNull()
    const W = fullWeights('pseudoinverse', data, 4, N)!
    const ref = pseudoInverseWeights({ p: 4, N, data })
    expect([...weightRow(W, 'pseudoinverse', data, 4, N, 5)!]).toEqual([...ref.slice(5 * N, 6 * N)])
    expect(maxAbs([0.5, -2, 1])).toBe(2)
  })
  it('the pseudo-inverse rule refuses p > N with its own message', () => {
    const many = packPatterns(Array.from({ length: 5 }, () => [1, -1, 1, 1]), 4)
    expect(() => fullWeights('pseudoinverse', many, 5, 4)).toThrow(/exceed the 4 neurons/)
  })
})

describe('capacity curves', () => {
  it('the one-step error rate at α is ½ erfc(√(1/2α)) (reference values from Python’s math.erfc)', () => {
    expect(bitErrorTheoryAt(0.1)).toBeCloseTo(0.0007827011290012744, 8)
    expect(bitErrorTheoryAt(0.138)).toBeCloseTo(0.0035522109283553055, 8)
    expect(bitErrorTheoryAt(0)).toBe(0)
    const c = theoryCurve(0.02, 0.3, 5)
    ;[0.02, 0.09, 0.16, 0.23, 0.3].forEach((x, k) => expect(c.x[k]).toBeCloseTo(x, 12))
    for (let k = 1; k < 5; k++) expect(c.y[k]).toBeGreaterThan(c.y[k - 1])
  })
  it('rows as the job emits them and its final result give the same curves', () => {
    const rows = [
      { alpha: 0.05, p: 20, bitErrorTheory: 1e-5, fixedFraction_hebbian: 1, meanOverlap_hebbian: 0.99, bitErrorRate_hebbian: 0, fixedFraction_storkey: 1, meanOverlap_storkey: 1, bitErrorRate_storkey: 0 },
      { alpha: 0.2, p: 80, bitErrorTheory: 0.01, fixedFraction_hebbian: 0.1, meanOverlap_hebbian: 0.4, bitErrorRate_hebbian: 0.012, fixedFraction_storkey: 0.6, meanOverlap_storkey: 0.9, bitErrorRate_storkey: 0.002 }
    ]
    const a = capacityFromRows(400, ['hebbian', 'storkey'], rows.map((row) => ({ row })))
    const b = capacityFromResult({
      N: 400,
      rules: ['hebbian', 'storkey'],
      alphas: [0.05, 0.2],
      p: [20, 80],
      bitErrorTheory: [1e-5, 0.01],
      fixedFraction: { hebbian: [1, 0.1], storkey: [1, 0.6] },
      meanOverlap: { hebbian: [0.99, 0.4], storkey: [1, 0.9] },
      bitErrorRate: { hebbian: [0, 0.012], storkey: [0, 0.002] }
    })!
    expect(a).toEqual(b)
    expect(capacityFromResult({ outcome: 'recalled' })).toBeNull()
  })
})
