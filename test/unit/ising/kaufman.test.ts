import { describe, expect, it } from 'vitest'
import { kaufman } from '../../oracles/kaufman'
import { onsagerEnergy, onsagerFreeEnergy, onsagerSpecificHeat, ONSAGER_TC } from '../../../src/engine/ising/exact'

/** Density of states g(E) of the L×L periodic lattice by visiting all 2^(L²) states (L ≤ 4).
 *  Independent of Kaufman: plain bond counting. Keys are E/J (even integers). */
function enumerateDensityOfStates(L: number): Map<number, number> {
  const N = L * L
  const g = new Map<number, number>()
  for (let s = 0; s < 1 << N; s++) {
    let bonds = 0
    for (let y = 0; y < L; y++) {
      for (let x = 0; x < L; x++) {
        const i = y * L + x
        const si = (s >> i) & 1
        const right = y * L + ((x + 1) % L)
        const down = ((y + 1) % L) * L + x
        bonds += si === ((s >> right) & 1) ? 1 : -1
        bonds += si === ((s >> down) & 1) ? 1 : -1
      }
    }
    const E = -bonds
    g.set(E, (g.get(E) ?? 0) + 1)
  }
  return g
}

function exactFromDos(g: Map<number, number>, N: number, T: number, J: number) {
  const beta = 1 / T
  let emin = Infinity
  for (const E of g.keys()) emin = Math.min(emin, E * J)
  let z = 0
  let z1 = 0
  let z2 = 0
  for (const [E0, n] of g) {
    const E = E0 * J
    const w = n * Math.exp(-beta * (E - emin))
    z += w
    z1 += w * E
    z2 += w * E * E
  }
  const mean = z1 / z
  const variance = z2 / z - mean * mean
  return { logZ: Math.log(z) - beta * emin, energyPerSpin: mean / N, specificHeat: (beta * beta * variance) / N }
}

describe('Kaufman finite-lattice partition function', () => {
  const dos4 = enumerateDensityOfStates(4)

  it('enumeration sanity: 2^16 states, ground state energy −2N', () => {
    let total = 0
    for (const n of dos4.values()) total += n
    expect(total).toBe(65536)
    expect(Math.min(...dos4.keys())).toBe(-32)
    expect(dos4.get(-32)).toBe(2)
  })

  it.each([0.5, 1.0, 1.8, 2.2, ONSAGER_TC, 2.5, 3.0, 5.0, 20.0])(
    'L = 4 matches exact enumeration of all 2^16 states at T = %f',
    (T) => {
      const ex = exactFromDos(dos4, 16, T, 1)
      const k = kaufman(4, T)
      expect(Math.abs(k.logZ - ex.logZ)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ex.logZ)))
      expect(Math.abs(k.energyPerSpin - ex.energyPerSpin)).toBeLessThan(1e-10)
      expect(Math.abs(k.specificHeat - ex.specificHeat)).toBeLessThan(1e-10)
    }
  )

  it('J ≠ 1: depends on J/T only, energy scales with J', () => {
    const ex = exactFromDos(dos4, 16, 3.0, 1.5)
    const k = kaufman(4, 3.0, 1.5)
    expect(Math.abs(k.logZ - ex.logZ)).toBeLessThan(1e-10 * Math.abs(ex.logZ))
    expect(Math.abs(k.energyPerSpin - ex.energyPerSpin)).toBeLessThan(1e-10)
    expect(Math.abs(k.specificHeat - ex.specificHeat)).toBeLessThan(1e-10)
  })

  it('L = 2 matches its 16-state enumeration (smallest lattice, doubled bonds)', () => {
    const dos2 = enumerateDensityOfStates(2)
    for (const T of [1, 2.3, 4]) {
      const ex = exactFromDos(dos2, 4, T, 1)
      const k = kaufman(2, T)
      expect(Math.abs(k.logZ - ex.logZ)).toBeLessThan(1e-11)
      expect(Math.abs(k.energyPerSpin - ex.energyPerSpin)).toBeLessThan(1e-11)
      expect(Math.abs(k.specificHeat - ex.specificHeat)).toBeLessThan(1e-11)
    }
  })

  it('analytic derivatives agree with finite differences of log Z in β (L = 16, 32)', () => {
    for (const L of [16, 32]) {
      for (const T of [1.5, 2.269, 3.0]) {
        const N = L * L
        const b = 1 / T
        const h = 1e-4
        const lz = (beta: number) => kaufman(L, 1 / beta).logZ
        const u = -(lz(b + h) - lz(b - h)) / (2 * h) / N
        const d2 = (lz(b + h) - 2 * lz(b) + lz(b - h)) / (h * h)
        const k = kaufman(L, T)
        expect(Math.abs(k.energyPerSpin - u)).toBeLessThan(1e-6)
        expect(Math.abs(k.specificHeat - (b * b * d2) / N)).toBeLessThan(2e-3 * Math.max(1, k.specificHeat))
      }
    }
  })

  it('large L approaches Onsager (free energy, u, c) away from Tc', () => {
    const N = 512 * 512
    for (const T of [1.5, 2.0, 2.6, 3.5]) {
      const k = kaufman(512, T)
      // Below Tc the finite lattice has two ordered states: ln Z gains ln 2, f shifts by −T ln2/N.
      const degeneracy = T < ONSAGER_TC ? (-T * Math.LN2) / N : 0
      expect(Math.abs((-T * k.logZ) / N - (onsagerFreeEnergy(T) + degeneracy))).toBeLessThan(1e-12)
      expect(Math.abs(k.energyPerSpin - onsagerEnergy(T))).toBeLessThan(1e-9)
      expect(Math.abs(k.specificHeat - onsagerSpecificHeat(T))).toBeLessThan(1e-7)
    }
  })

  it('at Tc the finite-size energy converges to −√2 and C grows like (8Kc²/π) ln L', () => {
    const e = [64, 128, 256].map((L) => kaufman(L, ONSAGER_TC).energyPerSpin)
    // Finite-size shift of u(Tc) is O(1/L): halving it at each doubling.
    const d = e.map((x) => x + Math.SQRT2)
    expect(Math.abs(d[2])).toBeLessThan(Math.abs(d[1]))
    expect(Math.abs(d[1])).toBeLessThan(Math.abs(d[0]))
    expect(Math.abs(d[1] / d[2] - 2)).toBeLessThan(0.05)
    // C(Tc, 2L) − C(Tc, L) → (8 Kc²/π) ln 2 (Ferdinand & Fisher 1969).
    const Kc = 1 / ONSAGER_TC
    const dc = kaufman(512, ONSAGER_TC).specificHeat - kaufman(256, ONSAGER_TC).specificHeat
    expect(Math.abs(dc - ((8 * Kc * Kc) / Math.PI) * Math.LN2)).toBeLessThan(1e-3)
  })

  it('stays finite at low T and large L (log-space)', () => {
    const k = kaufman(256, 0.2)
    expect(Number.isFinite(k.logZ)).toBe(true)
    expect(Math.abs(k.energyPerSpin + 2)).toBeLessThan(1e-15 + 8 * Math.exp(-8 / 0.2) * 2)
    // c ≈ 64β²e^{−8β} ≈ 7e-15 here; the derivative sums lose ~1e-16·K²·N to rounding.
    expect(Math.abs(k.specificHeat)).toBeLessThan(1e-8)
  })
})
