import { z } from 'zod'
import { defineKind } from './define'

// Parameters of the 2D Ising model of Eq. 14: H = -J Σ<ij> σiσj - B Σ σi, periodic L×L.
export const LatticeSize = z.number().int().min(2, 'L must be at least 2').max(4096, 'L must be at most 4096')
export const Temperature = z.number().positive('T must be > 0').max(1000, 'T must be at most 1000')
export const Coupling = z.number().min(-100).max(100)
export const Field = z.number().min(-100).max(100)

export const isingLiveParams = z
  .object({
    L: LatticeSize,
    T: Temperature,
    J: Coupling.default(1),
    B: Field.default(0),
    /** Sweeps to run; 0 runs until the user stops it. */
    sweeps: z.number().int().min(0).max(1e9).default(0),
    /** Sweeps between two stored measurements. */
    measureEvery: z.number().int().min(1).max(1e6).default(1),
    start: z.enum(['random', 'up', 'down']).default('random'),
    /** Cap on sweeps per second so that a small lattice can be watched; 0 = as fast as possible. */
    maxSweepsPerSecond: z.number().min(0).max(1e6).default(0)
  })
  .strict()

export const isingLiveControl = z
  .object({
    T: Temperature.optional(),
    B: Field.optional(),
    J: Coupling.optional(),
    maxSweepsPerSecond: z.number().min(0).max(1e6).optional(),
    measureEvery: z.number().int().min(1).max(1e6).optional()
  })
  .strict()

/** The final lattice (at the final T, B, J) and the averages of the stored measurements. */
export const isingLiveResult = z
  .object({
    sweeps: z.number(),
    e: z.number(),
    m: z.number(),
    absM: z.number(),
    T: z.number(),
    B: z.number(),
    J: z.number(),
    measurements: z.number(),
    runMeanE: z.number().nullable(),
    runMeanM: z.number().nullable(),
    runMeanAbsM: z.number().nullable()
  })
  .strict()

export type IsingLiveParams = z.output<typeof isingLiveParams>
export type IsingLiveControl = z.output<typeof isingLiveControl>

/**
 * Sweeps between two stored measurements of a live run. One per sweep when the run is watched
 * slowly; when it runs fast (small L, no cap) a measurement every sweep would flood the store
 * and the charts, so aim at a few hundred rows per second. The estimate of the uncapped speed
 * (~2·10⁸ spin updates/s, multispin-coded Metropolis; measured ~2·10⁸ at L = 128 and ~10⁸ at
 * L = 512 on a loaded machine) only needs to be right within a factor of a few: the metrics'
 * backpressure thins what is still too much.
 */
export function liveMeasureEvery(L: number, sweepsPerSecond: number): number {
  const uncapped = 2e8 / (L * L)
  const rate = sweepsPerSecond > 0 ? Math.min(sweepsPerSecond, uncapped) : uncapped
  const raw = Math.max(1, Math.ceil(rate / 400))
  // Round up to 1, 2, 5 × 10^k so the number reads well in the chart caption.
  const p = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p
  return raw
}

export const isingLive = defineKind({
  kind: 'ising.live',
  title: 'Ising lattice (live)',
  summary: '2D Ising model (Eq. 14), checkerboard Metropolis; T, B and J can change while it runs.',
  params: isingLiveParams,
  control: isingLiveControl,
  result: isingLiveResult,
  artifacts: [{ name: 'lattice', description: 'the final spins, Int8 ±1, row-major L×L' }],
  series: ['e', 'm', 'absM'],
  cost: (p) => (p.sweeps === 0 ? 0 : p.sweeps * p.L * p.L),
  // A new speed cap brings the spacing of the stored measurements that suits it (issue 10).
  impliedControl: (p, u) => (u.maxSweepsPerSecond !== undefined ? { measureEvery: liveMeasureEvery(p.L, u.maxSweepsPerSecond) } : {})
})
