// The sweep as the one time unit of every Ising algorithm, so that equilibration, spacing and
// τ_int mean the same work whichever algorithm runs. Why Wolff's k is fixed in advance (and not
// "flip clusters until N spins have flipped" while measuring): see sweepPoint.ts's header.

import type { IsingSim } from './types'

/**
 * The sweep as time unit for every algorithm. Metropolis and heat-bath: one step. Wolff:
 * during equilibration, clusters until N spins have flipped (credit carried over; fine
 * there, nothing is measured); afterwards a fixed k = N/⟨cluster size⟩ clusters per sweep,
 * k taken from the second half of the equilibration, sweep j doing ⌊(j+1)k⌋ − ⌊jk⌋ ≥ 1.
 */
export interface SweepClock {
  /** One equilibration sweep; `countPilot` lets its clusters fix k (the second half of equilibration). */
  equilibrate(countPilot: boolean): void
  /** One measurement sweep. */
  sweep(): void
  /** Wolff: k, cluster steps per sweep-equivalent while measuring (0 before the first measurement sweep). */
  readonly clustersPerSweep: number
  /** Wolff: mean cluster size over the measurement sweeps so far (0 otherwise). */
  readonly meanClusterSize: number
}

export function sweepClock(sim: IsingSim): SweepClock {
  const N = sim.N
  const wolff = sim.algorithm === 'wolff'
  let credit = 0
  let pilotClusters = 0
  let pilotFlips = 0
  let k = 0
  let j = 0
  let clusters = 0
  let flips = 0
  const equilibrate = (countPilot: boolean): void => {
    if (!wolff) {
      sim.step()
      return
    }
    while (credit < N) {
      const size = sim.step()
      credit += size
      if (countPilot) {
        pilotFlips += size
        pilotClusters++
      }
    }
    credit -= N
  }
  return {
    equilibrate,
    sweep() {
      if (!wolff) {
        sim.step()
        return
      }
      if (k === 0) {
        if (pilotClusters === 0) equilibrate(true)
        k = Math.max(1, (N * pilotClusters) / pilotFlips)
      }
      const count = Math.floor((j + 1) * k) - Math.floor(j * k)
      j++
      for (let c = 0; c < count; c++) flips += sim.step()
      clusters += count
    },
    get clustersPerSweep() {
      return k
    },
    get meanClusterSize() {
      return clusters > 0 ? flips / clusters : 0
    }
  }
}
