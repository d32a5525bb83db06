// Monte Carlo averages against exact enumeration (all 2^N states) on small lattices.
// Every estimate must lie within 3 standard errors (batch means, 64 batches) of the exact value.
import { describe, expect, it } from 'vitest'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { createIsingSim } from '../../../src/engine/ising/simulation'
import { createRng } from '../../../src/engine/rng'
import type { IsingAlgorithm } from '../../../src/engine/ising/types'
import { sample, zScore } from './sampling'

interface Case {
  algorithm: IsingAlgorithm
  L: number
  T: number
  J: number
  B: number
  /** Measured steps and batches: slowly mixing cases need batches much longer than their tunnelling time. */
  sweeps?: number
  batches?: number
}

const cases: Case[] = []
for (const T of [1.5, 2.0, 2.269, 3.0, 3.5]) cases.push({ algorithm: 'metropolis', L: 4, T, J: 1, B: 0 })
for (const T of [1.5, 2.269, 3.5]) {
  cases.push({ algorithm: 'heatbath', L: 4, T, J: 1, B: 0 })
  cases.push({ algorithm: 'wolff', L: 4, T, J: 1, B: 0 })
}
for (const T of [2.269, 3.5]) {
  cases.push({ algorithm: 'metropolis', L: 4, T, J: 1, B: 0.3 })
  cases.push({ algorithm: 'heatbath', L: 4, T, J: 1, B: 0.3 })
}
// At T = 1.5 in a field the minority phase is visited in rare long excursions (a domain wall
// costs 8J, e^{-8/1.5} ≈ 0.005): at B = 0.3 its weight is ~1e-3 and a few visits decide ⟨E⟩, so
// a smaller field, 2^21 sweeps and 32 batches of 65 536 (≫ the ~10^4-sweep tunnelling time).
for (const algorithm of ['metropolis', 'heatbath'] as const) {
  cases.push({ algorithm, L: 4, T: 1.5, J: 1, B: 0.1, sweeps: 1 << 21, batches: 32 })
}
// antiferromagnet, with and without a field
cases.push({ algorithm: 'metropolis', L: 4, T: 2.0, J: -1, B: 0.3 })
cases.push({ algorithm: 'heatbath', L: 4, T: 2.0, J: -1, B: -0.5 })
cases.push({ algorithm: 'wolff', L: 4, T: 2.269, J: -1, B: 0 })
// odd L: the typewriter-order fallback (the periodic 3×3 lattice is not bipartite; for J < 0 it is frustrated)
cases.push({ algorithm: 'metropolis', L: 3, T: 2.0, J: 1, B: 0.3 })
cases.push({ algorithm: 'metropolis', L: 3, T: 1.2, J: -1, B: 0 })
cases.push({ algorithm: 'heatbath', L: 3, T: 2.0, J: 1, B: 0.3 })
cases.push({ algorithm: 'wolff', L: 3, T: 1.5, J: -1, B: 0 })
cases.push({ algorithm: 'wolff', L: 3, T: 2.0, J: 1, B: 0 })
// L = 2: every neighbour bonded twice
cases.push({ algorithm: 'metropolis', L: 2, T: 3.0, J: 1, B: 0.2 })

describe('Monte Carlo vs exact enumeration (3 standard errors)', () => {
  cases.forEach((c, k) => {
    it(`${c.algorithm} L=${c.L} T=${c.T} J=${c.J} B=${c.B}`, () => {
      const exact = isingEnumeration(c.L, c.T, c.J, c.B)
      const sim = createIsingSim(
        { L: c.L, T: c.T, J: c.J, B: c.B },
        { algorithm: c.algorithm, start: 'random', rng: createRng(1000 + k) }
      )
      const s = sample(sim, 2000, c.sweeps ?? 1 << 18)
      const checks = [
        ['E/N', s.e, exact.energyPerSpin],
        ['|m|', s.absM, exact.absMagnetization],
        ['m²', s.m2, exact.magnetizationSquared],
        // with ⟨E⟩ this fixes C = N(⟨e²⟩ − ⟨e⟩²)/T²
        ['(E/N)²', s.e2, exact.energySquaredPerSpin2]
      ] as const
      for (const [name, series, value] of checks) {
        const { z, est } = zScore(series, value, c.batches ?? 64)
        expect(z, `${name}: ${est.mean} ± ${est.stderr} vs exact ${value}`).toBeLessThan(3)
      }
    })
  })
})
