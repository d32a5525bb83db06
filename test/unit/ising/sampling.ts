// Runs a simulation and records per-step observables for the statistical tests.
import type { IsingSim } from '../../../src/engine/ising/types'
import { batchMeans, type BatchEstimate } from './batchMeans'

export interface Series {
  e: Float64Array
  absM: Float64Array
  m2: Float64Array
  e2: Float64Array
}

export function sample(sim: IsingSim, thermalize: number, n: number): Series {
  for (let i = 0; i < thermalize; i++) sim.step()
  const N = sim.N
  const s: Series = { e: new Float64Array(n), absM: new Float64Array(n), m2: new Float64Array(n), e2: new Float64Array(n) }
  for (let i = 0; i < n; i++) {
    sim.step()
    const e = sim.energy() / N
    const m = sim.magnetization() / N
    s.e[i] = e
    s.e2[i] = e * e
    s.absM[i] = Math.abs(m)
    s.m2[i] = m * m
  }
  return s
}

/** |estimate − exact| in standard errors (batch means). */
export function zScore(series: ArrayLike<number>, exact: number, batches = 64): { z: number; est: BatchEstimate } {
  const est = batchMeans(series, batches)
  return { z: Math.abs(est.mean - exact) / est.stderr, est }
}
