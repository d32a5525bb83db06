// The test oracles checked against hand-computable cases before anything is checked against them.
import { describe, expect, it } from 'vitest'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { batchMeans } from './batchMeans'
import { createRng } from '../../../src/engine/rng'

describe('isingEnumeration (exact sum over all states)', () => {
  it('L = 2: matches the closed form of a 4-spin ring with coupling 2J', () => {
    // Periodic L = 2 has each neighbour pair bonded twice: E = −2J(σaσb + σbσd + σdσc + σcσa),
    // a ring of four spins with K = 2βJ, so Z = (2 cosh K)^4 + (2 sinh K)^4 and
    // ⟨E⟩ = −∂lnZ/∂β = −2J·4(ch³sh + sh³ch)/(ch⁴ + sh⁴).
    for (const [T, J] of [
      [1.3, 1],
      [2.5, 1],
      [0.8, -0.7]
    ]) {
      const K = (2 * J) / T
      const ch = Math.cosh(K)
      const sh = Math.sinh(K)
      const Z = 16 * (ch ** 4 + sh ** 4)
      const E = (-2 * J * 4 * (ch ** 3 * sh + sh ** 3 * ch)) / (ch ** 4 + sh ** 4)
      const ex = isingEnumeration(2, T, J, 0)
      expect(ex.logZ).toBeCloseTo(Math.log(Z), 12)
      expect(ex.energyPerSpin).toBeCloseTo(E / 4, 12)
    }
  })

  it('J = 0: independent spins in a field, m = tanh(B/T)', () => {
    const T = 1.7
    const B = 0.6
    const t = Math.tanh(B / T)
    const ex = isingEnumeration(4, T, 0, B)
    expect(ex.magnetization).toBeCloseTo(t, 12)
    expect(ex.energyPerSpin).toBeCloseTo(-B * t, 12)
    expect(ex.magnetizationSquared).toBeCloseTo(1 / 16 + (15 / 16) * t * t, 12)
    // Var E = N B² sech², so C = (B/T)² sech²(B/T)
    expect(ex.specificHeat).toBeCloseTo((B / T) ** 2 * (1 - t * t), 12)
  })

  it('T → ∞ and T → 0 limits', () => {
    const hot = isingEnumeration(4, 1e9, 1, 0)
    expect(hot.energyPerSpin).toBeCloseTo(0, 6)
    expect(hot.magnetizationSquared).toBeCloseTo(1 / 16, 6)
    // E|Σσ| over 16 fair coins = 16·C(16,8)/2^16
    expect(hot.absMagnetization).toBeCloseTo((16 * 12870) / 65536 / 16, 6)
    const cold = isingEnumeration(4, 0.05, 1, 0)
    expect(cold.energyPerSpin).toBeCloseTo(-2, 8)
    expect(cold.absMagnetization).toBeCloseTo(1, 8)
    const coldField = isingEnumeration(4, 0.05, 1, -0.5)
    expect(coldField.energyPerSpin).toBeCloseTo(-2.5, 8)
    expect(coldField.magnetization).toBeCloseTo(-1, 8)
  })

  it('B = 0, even L: the antiferromagnet has the ferromagnet’s energy (sublattice gauge)', () => {
    const f = isingEnumeration(4, 2.1, 1, 0)
    const a = isingEnumeration(4, 2.1, -1, 0)
    expect(a.energyPerSpin).toBeCloseTo(f.energyPerSpin, 10)
    expect(a.specificHeat).toBeCloseTo(f.specificHeat, 10)
    expect(a.magnetizationSquared).toBeLessThan(f.magnetizationSquared / 3)
  })
})

describe('batchMeans', () => {
  it('independent samples: stderr ≈ σ/√n, and a correlated (AR(1)) series gets the larger τ-corrected error', () => {
    const rng = createRng(5)
    const n = 1 << 16
    const iid = new Float64Array(n).map(() => rng.normal())
    const e = batchMeans(iid, 64)
    expect(e.stderr).toBeGreaterThan(0.75 / Math.sqrt(n))
    expect(e.stderr).toBeLessThan(1.25 / Math.sqrt(n))
    // AR(1) with ρ = 0.9: var of the mean ≈ (1+ρ)/(1−ρ)·σ²/n, σ² = 1/(1−ρ²)
    const rho = 0.9
    const ar = new Float64Array(n)
    for (let i = 1; i < n; i++) ar[i] = rho * ar[i - 1] + rng.normal()
    const want = Math.sqrt(((1 + rho) / (1 - rho) / (1 - rho * rho)) / n)
    const a = batchMeans(ar, 64)
    expect(a.stderr).toBeGreaterThan(0.7 * want)
    expect(a.stderr).toBeLessThan(1.3 * want)
  })
})
