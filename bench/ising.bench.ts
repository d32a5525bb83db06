// Ising update speed: spin-flip attempts per second (Metropolis plain and multispin coded,
// heat-bath) at T = 2.269, and Wolff clusters per second and spins flipped per second at Tc.
import type { BenchCase } from './harness'
import { createIsingSim, type IsingSimTuning } from '../src/engine/ising/simulation'
import { ONSAGER_TC } from '../src/engine/ising/exact'
import { createRng } from '../src/engine/rng'
import type { IsingAlgorithm, IsingSim } from '../src/engine/ising/types'

const SECONDS = 1

/** Steps for about SECONDS; returns [steps, updates (step() return values), seconds]. */
function runFor(sim: IsingSim): [number, number, number] {
  let steps = 0
  let updates = 0
  const t0 = performance.now()
  let dt = 0
  while (dt < SECONDS) {
    for (let k = 0; k < 4; k++) updates += sim.step()
    steps += 4
    dt = (performance.now() - t0) / 1000
  }
  return [steps, updates, dt]
}

function sweepCase(name: string, algorithm: IsingAlgorithm, L: number, tuning: IsingSimTuning): BenchCase {
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
    }
  }
}

function wolffCase(name: string, L: number, unit: 'clusters/s' | 'flips/s'): BenchCase {
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
    }
  }
}

export const benches: BenchCase[] = [
  ...[256, 1024].map((L) => sweepCase('ising.metropolis.flips', 'metropolis', L, { multispin: false })),
  ...[256, 1024].map((L) => sweepCase('ising.multispin.flips', 'metropolis', L, { multispin: true })),
  ...[256, 1024].map((L) => sweepCase('ising.heatbath.flips', 'heatbath', L, {})),
  ...[64, 256].map((L) => wolffCase('ising.wolff.clusters', L, 'clusters/s')),
  ...[64, 256].map((L) => wolffCase('ising.wolff.flips', L, 'flips/s'))
]
