// Deterministic properties of the lattice, Eq. 14, the tables and the simulation object.
import { describe, expect, it } from 'vitest'
import { bondSum, energy, flipEnergy, magnetization } from '../../../src/engine/ising/energy'
import { initialSpins, neighbours } from '../../../src/engine/ising/lattice'
import { CERTAIN, heatBathTable, metropolisIndex, metropolisTable, wolffAddProbability } from '../../../src/engine/ising/acceptance'
import { nextWord, wordStream } from '../../../src/engine/ising/random'
import { createIsingSim } from '../../../src/engine/ising/simulation'
import { createRng, rngFromState } from '../../../src/engine/rng'
import type { IsingAlgorithm } from '../../../src/engine/ising/types'

/** Eq. 14 the slow way: half the sum over each site's four neighbours. */
function bruteEnergy(spins: Int8Array, L: number, J: number, B: number): number {
  let pair = 0
  let field = 0
  for (let i = 0; i < spins.length; i++) {
    for (const j of neighbours(i, L)) pair += spins[i] * spins[j]
    field += spins[i]
  }
  return (-J * pair) / 2 - B * field
}

describe('Eq. 14 energy and magnetization', () => {
  it('hand cases: uniform, Néel and stripe states', () => {
    const L = 4
    const N = 16
    const up = new Int8Array(N).fill(1)
    expect(energy(up, L, 1, 0.5)).toBe(-2 * N - 0.5 * N)
    expect(magnetization(up)).toBe(N)
    const neel = new Int8Array(N).map((_, i) => (((i % L) + Math.floor(i / L)) % 2 ? 1 : -1))
    expect(bondSum(neel, L)).toBe(-2 * N)
    expect(energy(neel, L, 1, 0.7)).toBe(2 * N)
    expect(energy(neel, L, -1, 0)).toBe(-2 * N)
    // vertical stripes of width 2: horizontal bonds alternate, vertical bonds all aligned
    const stripes = new Int8Array(N).map((_, i) => ((i % L) < 2 ? 1 : -1))
    expect(bondSum(stripes, L)).toBe(N)
    // L = 2: each neighbour pair is bonded twice (periodic), so one flipped spin breaks 4 bonds
    const two = Int8Array.of(1, 1, 1, -1)
    expect(bondSum(two, 2)).toBe(8 - 2 * 4)
  })

  it('equals the brute-force neighbour sum for random lattices, odd and even L', () => {
    const rng = createRng(3)
    for (const L of [2, 3, 5, 8, 33]) {
      const s = initialSpins(L, 'random', rng)
      expect(energy(s, L, 0.7, -0.3)).toBeCloseTo(bruteEnergy(s, L, 0.7, -0.3), 9)
    }
  })

  it('flipEnergy = E(after) − E(before) at every site', () => {
    const rng = createRng(4)
    const L = 5
    const s = initialSpins(L, 'random', rng)
    for (let i = 0; i < L * L; i++) {
      const S = neighbours(i, L).reduce((a, j) => a + s[j], 0)
      const before = energy(s, L, 1.3, 0.4)
      const dE = flipEnergy(s[i], S, 1.3, 0.4)
      s[i] = -s[i]
      expect(energy(s, L, 1.3, 0.4) - before).toBeCloseTo(dE, 10)
    }
  })
})

describe('tables', () => {
  it('Metropolis thresholds are ⌊min(1, e^{-ΔE/T})·2^32⌋ with ΔE = 2σ(JS + B)', () => {
    const J = 1
    const B = 0.3
    const T = 2.269
    const t = metropolisTable(J, B, T)
    for (let S = -4; S <= 4; S += 2) {
      for (const sigma of [-1, 1]) {
        const dE = 2 * sigma * (J * S + B)
        const want = dE <= 0 ? CERTAIN : Math.floor(Math.exp(-dE / T) * 2 ** 32)
        expect(t[metropolisIndex(S, sigma)]).toBe(want)
      }
    }
  })

  it('heat-bath P(up) is the sigmoid of 2h/T; Wolff p = 1 − e^{-2|J|/T}', () => {
    const t = heatBathTable(1, 0.2, 2)
    expect(t[0 + 4] / 2 ** 32).toBeCloseTo(1 / (1 + Math.exp(-0.2)), 9)
    expect(t[4 + 4] / 2 ** 32).toBeCloseTo(1 / (1 + Math.exp(-4.2)), 9)
    expect(t[-4 + 4] / 2 ** 32).toBeCloseTo(1 / (1 + Math.exp(3.8)), 9)
    expect(wolffAddProbability(1, 1 / Math.log(2))).toBeCloseTo(0.75, 14)
    expect(wolffAddProbability(-1, 1 / Math.log(2))).toBeCloseTo(0.75, 14)
  })

  it('the inlined word stream is xoshiro128** of rng.ts', () => {
    const st = wordStream(createRng(9))
    const ref = rngFromState(new Uint32Array(st.buffer.slice(0)))
    for (let k = 0; k < 100; k++) expect(nextWord(st) >>> 0).toBe(ref.nextU32())
  })
})

const algorithms: IsingAlgorithm[] = ['metropolis', 'heatbath', 'wolff']

describe('createIsingSim', () => {
  it('keeps energy and magnetization equal to a recomputation, through T, B and J changes', () => {
    const configs: [IsingAlgorithm, number, boolean][] = [
      ['metropolis', 8, false],
      ['metropolis', 7, false],
      ['metropolis', 32, true],
      ['metropolis', 64, true],
      ['heatbath', 8, false],
      ['heatbath', 5, false],
      ['wolff', 8, false],
      ['wolff', 5, false]
    ]
    for (const [algorithm, L, multispin] of configs) {
      const sim = createIsingSim({ L, T: 2.5, J: 1, B: 0 }, { algorithm, start: 'random', rng: createRng(L) }, { multispin })
      const check = (): void => {
        const s = sim.spins()
        expect(sim.magnetization()).toBe(magnetization(s))
        expect(sim.energy()).toBe(energy(s, L, sim.model.J, sim.model.B))
      }
      check()
      for (let k = 0; k < 30; k++) {
        sim.step()
        check()
        if (k === 10) sim.setTemperature(1.2)
        if (k === 15) sim.setCoupling(-0.8)
        if (k === 20 && algorithm !== 'wolff') sim.setField(0.45)
        if (k === 25) sim.setTemperature(4)
      }
    }
  })

  it('is deterministic from the seed; another seed gives another lattice', () => {
    for (const algorithm of algorithms) {
      for (const L of [6, 64]) {
        const run = (seed: number): Int8Array => {
          const sim = createIsingSim({ L, T: 2.3, J: 1, B: 0 }, { algorithm, start: 'random', rng: createRng(seed) })
          for (let k = 0; k < 20; k++) sim.step()
          return sim.spins()
        }
        expect(run(11)).toEqual(run(11))
        expect(run(11)).not.toEqual(run(12))
      }
    }
  })

  it('honours start and initial, and returns copies', () => {
    const rng = createRng(1)
    expect(createIsingSim({ L: 4, T: 1, J: 1, B: 0 }, { algorithm: 'metropolis', start: 'up', rng }).magnetization()).toBe(16)
    expect(createIsingSim({ L: 32, T: 1, J: 1, B: 0 }, { algorithm: 'metropolis', start: 'down', rng }).magnetization()).toBe(-1024)
    const initial = initialSpins(32, 'random', rng)
    const sim = createIsingSim({ L: 32, T: 1, J: 1, B: 0 }, { algorithm: 'metropolis', start: 'up', rng, initial })
    expect(sim.spins()).toEqual(initial)
    sim.spins()[0] = 0
    expect(sim.spins()).toEqual(initial)
    expect(() => createIsingSim({ L: 4, T: 1, J: 1, B: 0 }, { algorithm: 'heatbath', start: 'up', rng, initial })).toThrow(/L²/)
  })

  it('setTemperature takes effect at the next step (T → 0 quench orders a hot lattice)', () => {
    const sim = createIsingSim({ L: 16, T: 50, J: 1, B: 0.5 }, { algorithm: 'metropolis', start: 'random', rng: createRng(2) })
    for (let k = 0; k < 10; k++) sim.step()
    expect(Math.abs(sim.magnetization())).toBeLessThan(128)
    sim.setTemperature(0.05)
    for (let k = 0; k < 200; k++) sim.step()
    expect(sim.magnetization()).toBe(256)
  })

  it('refuses what it cannot do correctly', () => {
    const rng = createRng(1)
    expect(() => createIsingSim({ L: 8, T: 2, J: 1, B: 0.1 }, { algorithm: 'wolff', start: 'up', rng })).toThrow(/B = 0/)
    const w = createIsingSim({ L: 8, T: 2, J: 1, B: 0 }, { algorithm: 'wolff', start: 'up', rng })
    expect(() => w.setField(0.2)).toThrow(/B = 0/)
    expect(() => w.setTemperature(0)).toThrow(/T must be/)
    expect(() => createIsingSim({ L: 1, T: 2, J: 1, B: 0 }, { algorithm: 'metropolis', start: 'up', rng })).toThrow(/L must/)
  })

  it('Wolff flips exactly the cluster it reports (|ΔM| = 2·size at B = 0, J > 0)', () => {
    const sim = createIsingSim({ L: 16, T: 2.269, J: 1, B: 0 }, { algorithm: 'wolff', start: 'random', rng: createRng(8) })
    for (let k = 0; k < 200; k++) {
      const before = sim.spins()
      const m0 = sim.magnetization()
      const size = sim.step()
      const after = sim.spins()
      let changed = 0
      for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed++
      expect(changed).toBe(size)
      expect(Math.abs(sim.magnetization() - m0)).toBe(2 * size)
    }
  })
})
