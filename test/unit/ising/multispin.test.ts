// Multispin coded Metropolis against exact truths: the packed lattice's energy equals Eq. 14,
// zero-temperature dynamics (32-bit words and the 128-spin kernel) equal the plain checkerboard
// sweep move for move, each ΔE class
// flips with frequency min(1, e^{-ΔE/T}), and thermodynamics match Kaufman's exact
// finite-lattice solution.
import { describe, expect, it } from 'vitest'
import { kaufman } from '../../oracles/kaufman'
import { bondSum, magnetization } from '../../../src/engine/ising/energy'
import { initialSpins, neighbours } from '../../../src/engine/ising/lattice'
import { CERTAIN, metropolisTable, multispinTable } from '../../../src/engine/ising/acceptance'
import { metropolisPass } from '../../../src/engine/ising/metropolis'
import { multispinPass, multispinPlan, pack, packedBondSum, packedMagnetization, unpack } from '../../../src/engine/ising/multispin'
import { createMultispinSimd, SIMD_STREAMS } from '../../../src/engine/ising/multispinSimd'
import { wordStream } from '../../../src/engine/ising/random'
import { createIsingSim } from '../../../src/engine/ising/simulation'
import { createRng } from '../../../src/engine/rng'
import { sample, zScore } from './sampling'
import { batchMeans } from './batchMeans'
import { firstDifference } from './firstDifference'

describe('packed layout', () => {
  it('pack/unpack round trip; bond sum and M from popcounts equal Eq. 14’s sums', () => {
    const rng = createRng(21)
    for (const L of [32, 64, 96, 128]) {
      for (const start of ['random', 'up', 'down'] as const) {
        const s = initialSpins(L, start, rng)
        const words = pack(s, L)
        expect(firstDifference(unpack(words, L), s)).toBe(-1)
        expect(packedBondSum(words, L)).toBe(bondSum(s, L))
        expect(packedMagnetization(words, L)).toBe(magnetization(s))
      }
    }
    expect(() => pack(new Int8Array(48 * 48).fill(1), 48)).toThrow(/multiple of 32/)
  })
})

describe('multispin sweep', () => {
  // For L a multiple of 128 the same check runs the 128-spin WebAssembly kernel (whole sweeps),
  // which checks its lane shuffles at the row ends and its colouring for odd and even L/128.
  it('at T → 0 (every ΔE > 0 refused, ΔE ≤ 0 taken) it reproduces the plain checkerboard sweep exactly', () => {
    for (const L of [32, 64, 96, 128, 256, 384]) {
      for (const [J, B] of [
        [1, 0],
        [1, 0.25],
        [-1, 0.5],
        [0.5, -3]
      ]) {
        const T = 1e-3
        const rng = createRng(L + 7)
        const plain = initialSpins(L, 'random', rng)
        const words = pack(plain, L)
        const simd = createMultispinSimd(L)
        expect(simd === null).toBe(L % 128 !== 0)
        simd?.load(words)
        const st = wordStream(rng, simd ? SIMD_STREAMS : 1)
        const table = metropolisTable(J, B, T)
        const plan = multispinPlan(multispinTable(J, B, T))
        const tally = Int32Array.of(bondSum(plain, L), magnetization(plain))
        for (let sweep = 0; sweep < 6; sweep++) {
          for (const color of [0, 1]) {
            metropolisPass(plain, L, table, st, tally, color)
            if (!simd) {
              multispinPass(words, L, plan, st, color)
              expect(firstDifference(unpack(words, L), plain)).toBe(-1)
            }
          }
          if (simd) {
            simd.sweep(plan, st)
            expect(firstDifference(unpack(simd.store(words), L), plain)).toBe(-1)
          }
        }
        // something happened: the quench changed the lattice
        expect(tally[0]).toBeGreaterThan(-2 * L * L)
      }
    }
  })

  // One pass over a sublattice of a random lattice: the other sublattice is frozen, so each
  // visited spin's class (a anti-aligned neighbours, σ) is known beforehand, and its flip is an
  // independent Bernoulli trial with p = min(1, e^{-ΔE/T}), ΔE = 2J(4 − 2a) + 2Bσ.
  const classFrequencies = (
    L: number,
    J: number,
    B: number,
    T: number,
    packed: boolean,
    trials: number
  ): { attempts: number[]; flips: number[]; frozenChanged: number } => {
    const rng = createRng(1234 + L)
    const st = wordStream(rng)
    const plan = multispinPlan(multispinTable(J, B, T))
    const table = metropolisTable(J, B, T)
    const attempts = new Array(10).fill(0)
    const flips = new Array(10).fill(0)
    let frozenChanged = 0
    for (let t = 0; t < trials; t++) {
      const color = t & 1
      const before = initialSpins(L, 'random', rng)
      let after: Int8Array
      if (packed) {
        const words = pack(before, L)
        multispinPass(words, L, plan, st, color)
        after = unpack(words, L)
      } else {
        after = before.slice()
        metropolisPass(after, L, table, st, new Int32Array(2), color)
      }
      for (let i = 0; i < L * L; i++) {
        const x = i % L
        const y = (i - x) / L
        if (((x + y) & 1) !== color) {
          if (after[i] !== before[i]) frozenChanged++
          continue
        }
        let a = 0
        for (const j of neighbours(i, L)) if (before[j] !== before[i]) a++
        const c = 2 * a + (before[i] > 0 ? 1 : 0)
        attempts[c]++
        if (after[i] !== before[i]) flips[c]++
      }
    }
    return { attempts, flips, frozenChanged }
  }

  const params: [number, number, number, number][] = [
    // L, J, B, T
    [64, 1, 0.3, 2.269],
    [32, -0.7, -0.4, 1.3],
    [96, 1, 0, 0.9],
    [64, 0.4, 1.1, 3.5]
  ]
  for (const packed of [true, false]) {
    for (const [L, J, B, T] of params) {
      it(`${packed ? 'multispin' : 'plain'} L=${L} J=${J} B=${B} T=${T}: flip frequency of every ΔE class = min(1, e^{-ΔE/T}) (4σ binomial)`, () => {
        const trials = Math.round(200000 / ((L * L) / 2))
        const { attempts, flips, frozenChanged } = classFrequencies(L, J, B, T, packed, trials)
        expect(frozenChanged).toBe(0)
        for (let c = 0; c < 10; c++) {
          const a = c >> 1
          const sigma = c & 1 ? 1 : -1
          const dE = 2 * J * (4 - 2 * a) + 2 * B * sigma
          const p = Math.min(1, Math.exp(-dE / T))
          const n = attempts[c]
          expect(n).toBeGreaterThan(2000)
          if (multispinTable(J, B, T)[c] === CERTAIN) expect(flips[c]).toBe(n)
          else {
            const sd = Math.sqrt((p * (1 - p)) / n)
            expect(Math.abs(flips[c] / n - p), `class a=${a} σ=${sigma}: ${flips[c]}/${n} vs p=${p}`).toBeLessThan(4 * sd + 1e-9)
          }
        }
      })
    }
  }
})

describe('multispin thermodynamics vs Kaufman’s exact finite-lattice solution (3 standard errors)', () => {
  const cases: [number, number, number][] = [
    // L, T, J  (J = −1 on even L has the same energy as J = +1: sublattice gauge)
    [32, 2.0, 1],
    [32, 2.269, 1],
    [32, 3.0, 1],
    [64, 2.5, 1],
    [32, 2.5, -1]
  ]
  cases.forEach(([L, T, J], k) => {
    it(`L=${L} T=${T} J=${J}: E/N and ⟨(E/N)²⟩ (hence C)`, () => {
      const exact = kaufman(L, T, 1)
      const N = L * L
      const sim = createIsingSim({ L, T, J, B: 0 }, { algorithm: 'metropolis', start: 'random', rng: createRng(77 + k) })
      const s = sample(sim, 2000, L === 32 ? 1 << 17 : 1 << 15)
      const e = zScore(s.e, exact.energyPerSpin)
      expect(e.z, `E/N ${e.est.mean} ± ${e.est.stderr} vs ${exact.energyPerSpin}`).toBeLessThan(3)
      const e2Exact = exact.energyPerSpin ** 2 + (exact.specificHeat * T * T) / N
      const e2 = zScore(s.e2, e2Exact)
      expect(e2.z, `(E/N)² ${e2.est.mean} ± ${e2.est.stderr} vs ${e2Exact}`).toBeLessThan(3)
    })
  })

  it('L=32, B=0.3 (no exact solution): multispin and plain agree within 3 combined standard errors', () => {
    const run = (multispin: boolean, seed: number) =>
      sample(createIsingSim({ L: 32, T: 2.4, J: 1, B: 0.3 }, { algorithm: 'metropolis', start: 'random', rng: createRng(seed) }, { multispin }), 1000, 1 << 15)
    const a = run(true, 5)
    const b = run(false, 6)
    for (const key of ['e', 'absM', 'm2'] as const) {
      const x = batchMeans(a[key])
      const y = batchMeans(b[key])
      expect(Math.abs(x.mean - y.mean) / Math.hypot(x.stderr, y.stderr), key).toBeLessThan(3)
    }
  })
})
