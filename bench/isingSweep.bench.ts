// (a) Critical slowing down at Tc and what it costs: the integrated autocorrelation time of
//     |m| (in sweeps; Wolff in sweep-equivalents, sweepPoint.ts) for L = 16, 32, 64 under
//     Metropolis and Wolff, and from it the independent samples per second,
//     sweeps/s ÷ (2 τ_int) — an effective sample costs 2τ_int sweeps. One measurement run per
//     (algorithm, L) gives both figures (τ from the run, sweeps/s from its wall time), so
//     these cases run once (repeats: 1): τ has a statistical error of a few per cent.
// (b) A temperature sweep through the real service (createLab, worker threads, the store):
//     32 temperatures × L = 64 × 10⁴ measurement sweeps on the whole pool against one
//     worker, and the speed-up, on a warmed pool. Several seconds per run: repeats 1.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchCase } from './harness'
import { ONSAGER_TC } from '../src/engine/ising/exact'
import { runSweepPoint } from '../src/engine/ising/sweepPoint'
import { localContext } from '../src/engine/localContext'
import type { IsingAlgorithm } from '../src/engine/ising/types'
import { createLab } from '../src/main/app/createLab'
import type { LabService } from '../src/main/service/labService'
import type { LabEvent } from '../src/shared/types'
import { isingSweep } from '../src/shared/kinds/isingSweep'

// ── (a) τ_int and independent samples per second at Tc ─────────────────────────────────

/** Measurement sweeps per run: ≥ 2,000 τ_int (Metropolis τ ≈ 10, 40, 170; Wolff τ ≈ 1.5), for a statistical error of τ of ~10% (Madras–Sokal: δτ/τ ≈ √(2(2W+1)/n), W ≈ 5τ). */
const MEASURE: Record<IsingAlgorithm, Record<number, number>> = {
  metropolis: { 16: 100_000, 32: 200_000, 64: 400_000 },
  wolff: { 16: 20_000, 32: 20_000, 64: 10_000 },
  heatbath: {}
}
const EQUILIBRATION = 1000

interface TauRun {
  tau: number
  sweepsPerSecond: number
  converged: boolean
}

const tauRuns = new Map<string, TauRun>()

function tauRun(algorithm: IsingAlgorithm, L: number): TauRun {
  const key = `${algorithm}/${L}`
  const known = tauRuns.get(key)
  if (known) return known
  const { ctx } = localContext(L)
  const measurementSweeps = MEASURE[algorithm][L]
  const t0 = performance.now()
  const r = runSweepPoint({ L, T: ONSAGER_TC, J: 1, B: 0, algorithm, start: 'random', equilibrationSweeps: EQUILIBRATION, measurementSweeps, maxRows: 10 }, ctx)
  const seconds = (performance.now() - t0) / 1000
  const run = { tau: Number(r.tauIntAbsM), sweepsPerSecond: (EQUILIBRATION + measurementSweeps) / seconds, converged: r.converged === true }
  tauRuns.set(key, run)
  return run
}

function tauCase(algorithm: IsingAlgorithm, L: number): BenchCase {
  return {
    name: 'ising.tauInt.absM',
    unit: 'sweeps',
    params: { algorithm, L, T: Number(ONSAGER_TC.toFixed(4)), measurementSweeps: MEASURE[algorithm][L] },
    repeats: 1,
    measure: () => tauRun(algorithm, L).tau
  }
}

function samplesCase(algorithm: IsingAlgorithm, L: number): BenchCase {
  return {
    name: 'ising.independentSamples',
    unit: 'samples/s',
    params: { algorithm, L, T: Number(ONSAGER_TC.toFixed(4)), rule: 'sweeps/s / (2 tau)' },
    repeats: 1,
    measure: () => {
      const r = tauRun(algorithm, L)
      return r.sweepsPerSecond / (2 * r.tau)
    }
  }
}

// ── (b) a sweep through the service: the pool against one worker ──────────────────────

const SWEEP = {
  sizes: [64],
  range: { Tmin: 1.5, Tmax: 3.5, points: 32 },
  equilibrationSweeps: 1000,
  measurementSweeps: 10_000
}
const POOL = availableParallelism()
const walls = new Map<number, number>()

async function sweepWall(workers: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'physml-bench-'))
  let lab: LabService | undefined
  try {
    lab = await createLab({ dataDir: dir, transport: 'cli', workers })
    const service = lab
    const sweep = async (params: unknown): Promise<void> => {
      const { runId } = await service.invoke('jobs.start', { kind: isingSweep.kind, params, seed: 1 })
      const end = await new Promise<LabEvent & { type: 'job.status' }>((resolve) => {
        const off = service.subscribe((e) => {
          if (e.type === 'job.status' && e.runId === runId && ['done', 'failed', 'cancelled'].includes(e.status)) {
            off()
            resolve(e)
          }
        })
      })
      if (end.status !== 'done') throw new Error(`the bench sweep ended ${end.status}`)
    }
    // Warm the pool first (workers start lazily and load the engine): the figure is the
    // sweep itself, not the threads' start-up.
    await sweep({ sizes: [8], range: { Tmin: 2, Tmax: 3, points: 2 * workers }, equilibrationSweeps: 10, measurementSweeps: 100 })
    const t0 = performance.now()
    await sweep(SWEEP)
    const seconds = (performance.now() - t0) / 1000
    walls.set(workers, seconds)
    return seconds
  } finally {
    await lab?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const sweepParams = { L: 64, temperatures: 32, measurementSweeps: SWEEP.measurementSweeps, equilibrationSweeps: SWEEP.equilibrationSweeps }

export const benches: BenchCase[] = [
  ...[16, 32, 64].flatMap((L) => [tauCase('metropolis', L), tauCase('wolff', L)]),
  ...[16, 32, 64].flatMap((L) => [samplesCase('metropolis', L), samplesCase('wolff', L)]),
  {
    name: 'ising.sweep.wall.pool',
    unit: 's',
    params: { ...sweepParams, workers: POOL, note: 'long: repeats 1' },
    repeats: 1,
    measure: () => sweepWall(POOL)
  },
  {
    name: 'ising.sweep.wall.oneWorker',
    unit: 's',
    params: { ...sweepParams, workers: 1, note: 'long: repeats 1' },
    repeats: 1,
    measure: () => sweepWall(1)
  },
  {
    name: 'ising.sweep.speedup',
    unit: 'x',
    params: { ...sweepParams, workers: POOL, note: 'one-worker wall / pool wall, from the two cases above (run here when filtered alone)' },
    repeats: 1,
    measure: async () => {
      const one = walls.get(1) ?? (await sweepWall(1))
      const pool = walls.get(POOL) ?? (await sweepWall(POOL))
      return one / pool
    }
  }
]
