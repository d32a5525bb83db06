// Ising update speed: spin-flip attempts per second (Metropolis plain and multispin coded —
// 128 spins per SIMD vector, and the 32-per-word TypeScript fallback —
// heat-bath) at T = 2.269, and Wolff clusters per second and spins flipped per second at Tc.
// Rates are per second of this process's CPU time: the machines are shared, and wall time
// would measure the neighbours. The multispin and Wolff flip rates carry a C reference
// (bench/reference/*.c) measured back to back, for the ratio.
import type { BenchCase, BenchReference } from './harness'
import { cReference } from './reference/cReference'
import { createIsingSim, type IsingSimTuning } from '../src/engine/ising/simulation'
import { ONSAGER_TC } from '../src/engine/ising/exact'
import { createRng } from '../src/engine/rng'
import type { IsingAlgorithm, IsingSim } from '../src/engine/ising/types'

const SECONDS = 1

/** Process CPU time in seconds (user + system, all threads: GC and compiler count against us). */
function cpuSeconds(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** Steps for about SECONDS of CPU time; returns [steps, updates (step() return values), CPU seconds]. */
function runFor(sim: IsingSim): [number, number, number] {
  let steps = 0
  let updates = 0
  const t0 = cpuSeconds()
  let dt = 0
  while (dt < SECONDS) {
    for (let k = 0; k < 4; k++) updates += sim.step()
    steps += 4
    dt = cpuSeconds() - t0
  }
  return [steps, updates, dt]
}

function sweepCase(name: string, algorithm: IsingAlgorithm, L: number, tuning: IsingSimTuning, reference?: BenchReference): BenchCase {
  let sim: IsingSim
  return {
    name,
    unit: 'flips/s',
    params: { L, T: 2.269 },
    repeats: 3,
    setup: () => {
      sim = createIsingSim({ L, T: 2.269, J: 1, B: 0 }, { algorithm, start: 'random', rng: createRng(1) }, tuning)
      const warm = Math.max(20, Math.round(2e7 / (L * L)))
      for (let k = 0; k < warm; k++) sim.step()
    },
    measure: () => {
      const [, updates, dt] = runFor(sim)
      return updates / dt
    },
    ...(reference ? { reference } : {})
  }
}

function wolffCase(name: string, L: number, unit: 'clusters/s' | 'flips/s', reference?: BenchReference): BenchCase {
  let sim: IsingSim
  return {
    name,
    unit,
    params: { L, T: Number(ONSAGER_TC.toFixed(4)) },
    repeats: 3,
    setup: () => {
      sim = createIsingSim({ L, T: ONSAGER_TC, J: 1, B: 0 }, { algorithm: 'wolff', start: 'random', rng: createRng(1) })
      // to equilibrium: cluster sizes grow from a few spins to ~L^{7/4}
      for (let k = 0; k < 3000; k++) sim.step()
    },
    measure: () => {
      const [clusters, flips, dt] = runFor(sim)
      return (unit === 'clusters/s' ? clusters : flips) / dt
    },
    ...(reference ? { reference } : {})
  }
}

const multispinC = (L: number): BenchReference => cReference('C multispin, 64 spins per word', 'multispin64', [L, 2.269, SECONDS], 'flips')
const wolffC = (L: number): BenchReference => cReference('plain C Wolff', 'wolff', [L, ONSAGER_TC, SECONDS], 'flips')

export const benches: BenchCase[] = [
  ...[256, 1024].map((L) => sweepCase('ising.metropolis.flips', 'metropolis', L, { multispin: false })),
  // 128 spins per v128 in WebAssembly (the default where L allows), and the 32-bit TypeScript fallback
  ...[256, 1024].map((L) => sweepCase('ising.multispin.flips', 'metropolis', L, { multispin: true }, multispinC(L))),
  sweepCase('ising.multispin32.flips', 'metropolis', 256, { multispin: true, simd: false }),
  ...[256, 1024].map((L) => sweepCase('ising.heatbath.flips', 'heatbath', L, {})),
  ...[64, 256].map((L) => wolffCase('ising.wolff.clusters', L, 'clusters/s')),
  ...[64, 256].map((L) => wolffCase('ising.wolff.flips', L, 'flips/s', wolffC(L)))
]
