// The 128-spins-per-v128 WebAssembly sweep: with random acceptance it is multispinPass with
// four streams bit for bit (same lattice, same stream states after every sweep); a simulation
// gives the same run with the kernel or without it; its thermodynamics match Kaufman's exact
// finite-lattice solution. (Its T → 0 moves against the plain Int8 sweep: multispin.test.ts.)
import { describe, expect, it } from 'vitest'
import { kaufman } from '../../oracles/kaufman'
import { initialSpins } from '../../../src/engine/ising/lattice'
import { multispinTable } from '../../../src/engine/ising/acceptance'
import { multispinPass, multispinPlan, pack } from '../../../src/engine/ising/multispin'
import { canMultispinSimd, createMultispinSimd, SIMD_STREAMS } from '../../../src/engine/ising/multispinSimd'
import { wordStream } from '../../../src/engine/ising/random'
import { createIsingSim } from '../../../src/engine/ising/simulation'
import { createRng } from '../../../src/engine/rng'
import { sample, zScore } from './sampling'
import { firstDifference } from './firstDifference'

function kernel(L: number) {
  const k = createMultispinSimd(L)
  if (!k) throw new Error(`no 128-spin kernel for L = ${L}: WebAssembly SIMD missing?`)
  return k
}

describe('128-spin multispin kernel', () => {
  it('exists for L a multiple of 128 only; its layout round-trips', () => {
    for (const L of [32, 64, 96, 160]) {
      expect(canMultispinSimd(L)).toBe(false)
      expect(createMultispinSimd(L)).toBeNull()
    }
    for (const L of [128, 256, 384]) {
      const words = pack(initialSpins(L, 'random', createRng(L)), L)
      const k = kernel(L)
      k.load(words)
      expect(firstDifference(k.store(new Int32Array(words.length)), words)).toBe(-1)
    }
  })

  it('is multispinPass with four random streams, bit for bit: lattice and stream states after every sweep', () => {
    for (const L of [128, 256, 384, 512]) {
      for (const [J, B, T] of [
        [1, 0, 2.269], // two open classes, both spin values merged
        [1, 0.3, 1.5], // B ≠ 0: spin values apart
        [-0.7, -0.4, 1.3],
        [0.2, 0.05, 9], // hot: most classes open
        [1, 0, 1e-3] // nothing open
      ]) {
        const rng = createRng(L * 7)
        const words = pack(initialSpins(L, 'random', rng), L)
        const st = wordStream(rng, SIMD_STREAMS)
        const stSimd = st.slice()
        const k = kernel(L)
        k.load(words)
        const plan = multispinPlan(multispinTable(J, B, T))
        const out = new Int32Array(words.length)
        for (let sweep = 0; sweep < 8; sweep++) {
          multispinPass(words, L, plan, st, 0)
          multispinPass(words, L, plan, st, 1)
          k.sweep(plan, stSimd)
          expect(firstDifference(k.store(out), words), `L=${L} J=${J} B=${B} T=${T} sweep ${sweep}`).toBe(-1)
          expect(stSimd).toEqual(st)
        }
      }
    }
  })

  it('a simulation runs the same chain with the kernel and without it (the TypeScript fallback)', () => {
    for (const L of [128, 256]) {
      const run = (simd: boolean) => {
        const sim = createIsingSim({ L, T: 2.4, J: 1, B: 0.1 }, { algorithm: 'metropolis', start: 'random', rng: createRng(5) }, { simd })
        const trace: number[] = []
        for (let k = 0; k < 30; k++) {
          sim.step()
          if (k === 15) sim.setTemperature(1.9)
          trace.push(sim.energy(), sim.magnetization())
        }
        return { trace, spins: sim.spins() }
      }
      const a = run(true)
      const b = run(false)
      expect(a.trace).toEqual(b.trace)
      expect(firstDifference(a.spins, b.spins)).toBe(-1)
    }
  })

  it('L=128, T=2.5 and T=2.269: E/N and ⟨(E/N)²⟩ within 3 standard errors of Kaufman', () => {
    for (const [T, seed] of [
      [2.5, 1],
      [2.269, 2]
    ]) {
      const L = 128
      const N = L * L
      const exact = kaufman(L, T, 1)
      const sim = createIsingSim({ L, T, J: 1, B: 0 }, { algorithm: 'metropolis', start: 'random', rng: createRng(seed) })
      const s = sample(sim, 3000, 1 << 14)
      const e = zScore(s.e, exact.energyPerSpin)
      expect(e.z, `E/N ${e.est.mean} ± ${e.est.stderr} vs ${exact.energyPerSpin}`).toBeLessThan(3)
      const e2Exact = exact.energyPerSpin ** 2 + (exact.specificHeat * T * T) / N
      const e2 = zScore(s.e2, e2Exact)
      expect(e2.z, `(E/N)² ${e2.est.mean} ± ${e2.est.stderr} vs ${e2Exact}`).toBeLessThan(3)
    }
  })
})
