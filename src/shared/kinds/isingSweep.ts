import { z } from 'zod'
import { defineKind, noControl } from './define'
import { Coupling, Field, LatticeSize, Temperature } from './ising'

export const IsingAlgorithm = z.enum(['metropolis', 'heatbath', 'wolff'])

/** The observables a sweep point reports with an error bar and a convergence flag. */
export const SWEEP_OBSERVABLE_KEYS = ['e', 'm', 'absM', 'm2', 'm4', 'chi', 'C', 'U4', 'xi'] as const

/** Spin updates a sweep may ask for before it needs an explicit confirmation (~10 min on one core). */
export const SWEEP_BUDGET = 1e11

/** A kept sample is Σσσ and M (Int32 each) and f (Float32). */
const SAMPLE_BYTES = 12
/** The kept samples of one sweep may take at most this much of the store. */
export const MAX_SAMPLE_BYTES = 256 * 2 ** 20

const temperatureRange = z
  .object({
    Tmin: Temperature,
    Tmax: Temperature,
    points: z.number().int().min(1, 'at least 1 temperature point').max(1000, 'at most 1,000 temperature points')
  })
  .strict()

export const isingSweepParams = z
  .object({
    /** Lattice sizes simulated at every temperature (finite-size scaling). */
    sizes: z.array(LatticeSize.max(1024, 'L must be at most 1024 in a sweep')).min(1, 'give at least one lattice size').max(8),
    /** Either an evenly spaced range or an explicit list. */
    range: temperatureRange.optional(),
    temperatures: z.array(Temperature).min(1).max(1000, 'at most 1,000 temperature points').optional(),
    direction: z.enum(['cooling', 'heating']).default('cooling'),
    /** Start each point from the previous point's final lattice (sequential per size). */
    carry: z.boolean().default(false),
    algorithm: IsingAlgorithm.default('metropolis'),
    J: Coupling.default(1),
    B: Field.default(0),
    equilibrationSweeps: z.number().int().min(0).max(1e8).default(1000),
    measurementSweeps: z.number().int().min(1).max(1e9).default(10000),
    measureEvery: z.number().int().min(1).max(1e6).default(1),
    start: z.enum(['random', 'up', 'down']).default('random'),
    /** Parallel tempering: one replica per temperature (per L), neighbours swap configurations. */
    replicaExchange: z.boolean().default(false),
    /** Sweeps between two rounds of swap offers. */
    swapEvery: z.number().int('swapEvery must be a whole number of sweeps').min(1, 'swapEvery must be at least 1 sweep').max(1e6).default(1),
    /** (E, M) samples kept per point for histogram reweighting; 0 keeps none. */
    keepSamples: z.number().int('keepSamples must be a whole number').min(0, 'keepSamples must be ≥ 0').max(1e6, 'keepSamples must be at most 1,000,000 per point').default(5000)
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.range && !p.temperatures) ctx.addIssue({ code: 'custom', path: ['range'], message: 'give a temperature range or a list of temperatures' })
    if (p.range && p.temperatures) ctx.addIssue({ code: 'custom', path: ['temperatures'], message: 'give a range or a list, not both' })
    if (p.range && !(p.range.Tmax > p.range.Tmin) && p.range.points > 1)
      ctx.addIssue({ code: 'custom', path: ['range'], message: `the temperature range is empty or reversed (Tmin ${p.range.Tmin} ≥ Tmax ${p.range.Tmax}); choose the direction with 'direction'` })
    if (p.algorithm === 'wolff' && p.B !== 0)
      ctx.addIssue({ code: 'custom', path: ['B'], message: 'Wolff cluster updates need B = 0 (a field breaks the cluster symmetry): choose Metropolis or heat-bath for B ≠ 0' })
    if (p.algorithm === 'wolff' && p.J < 0)
      ctx.addIssue({ code: 'custom', path: ['J'], message: 'Wolff cluster updates here need J > 0 (ferromagnet)' })
    if (p.replicaExchange) {
      if (p.algorithm === 'wolff')
        ctx.addIssue({ code: 'custom', path: ['algorithm'], message: 'replica exchange runs Metropolis or heat-bath inside the replicas: choose one of them (Wolff needs no tempering at B = 0)' })
      if (p.carry) ctx.addIssue({ code: 'custom', path: ['carry'], message: 'replica exchange keeps one lattice per temperature: it cannot also carry the lattice from point to point' })
      if (sweepTemperatures(p).length < 2) ctx.addIssue({ code: 'custom', path: [p.range ? 'range' : 'temperatures'], message: 'replica exchange needs at least 2 temperatures' })
    }
    const kept = Math.min(p.keepSamples, Math.floor(p.measurementSweeps / p.measureEvery))
    const bytes = sweepTemperatures(p).length * p.sizes.length * kept * SAMPLE_BYTES
    if (bytes > MAX_SAMPLE_BYTES)
      ctx.addIssue({
        code: 'custom',
        path: ['keepSamples'],
        message: `the kept samples would take ${(bytes / 2 ** 20).toFixed(0)} MB (points × samples × 12 bytes), at most ${MAX_SAMPLE_BYTES / 2 ** 20} MB: keep fewer samples per point`
      })
  })

/** The run keeps one metrics row per finished (L, T) point; its result only counts them. */
export const isingSweepResult = z
  .object({
    sizes: z.array(z.number()),
    /** Temperatures per size. */
    temperatures: z.number(),
    algorithm: IsingAlgorithm,
    /** Present (true) when the temperatures ran as one replica-exchange ladder per size. */
    replicaExchange: z.literal(true).optional(),
    measured: z.number(),
    /** Points finished, planned, and whether the run ended before all were done (stop). */
    points: z.number(),
    pointsPlanned: z.number(),
    stoppedEarly: z.boolean()
  })
  .strict()

export type IsingSweepParams = z.output<typeof isingSweepParams>

/** The temperatures of a sweep in the order they are simulated. */
export function sweepTemperatures(p: Pick<IsingSweepParams, 'range' | 'temperatures' | 'direction'>): number[] {
  let ts: number[]
  if (p.temperatures) ts = [...p.temperatures].sort((a, b) => a - b)
  else if (p.range) {
    const { Tmin, Tmax, points } = p.range
    ts = points === 1 ? [Tmin] : Array.from({ length: points }, (_, i) => Tmin + ((Tmax - Tmin) * i) / (points - 1))
  } else ts = []
  return p.direction === 'cooling' ? ts.reverse() : ts
}

export const isingSweep = defineKind({
  kind: 'ising.sweep',
  title: 'Ising temperature sweep',
  summary: 'Equilibrium observables with error bars over a range of temperatures and lattice sizes; points run in parallel.',
  params: isingSweepParams,
  control: noControl,
  result: isingSweepResult,
  artifacts: [
    { name: 'L=<L>/T=<T>/lattice', description: 'the final spins of each point (T to 4 decimals), Int8 ±1, row-major L×L' },
    { name: 'L=<L>/T=<T>/samples', description: 'the kept measurements of each point for reweighting: (bond sum, M) pairs, Float64' },
    { name: 'L=<L>/T=<T>/fourier', description: 'the kept |M(k_min)|² per measurement (second-moment correlation length), Float64' },
    { name: 'L=<L>/T=<T>/correlation', description: 'G(r) along the axes with its errors, Float64' }
  ],
  series: [
    'L',
    'T',
    ...SWEEP_OBSERVABLE_KEYS.flatMap((k) => [k, `${k}Err`]),
    'tauIntAbsM',
    'tauIntE',
    // 1 when the binning curves of the observable reached their plateau and tunnelling did not fail it.
    ...SWEEP_OBSERVABLE_KEYS.map((k) => `${k}Converged`),
    'tunnellings',
    'tunnellingFlag',
    // replica exchange: acceptance of swaps with the next higher temperature, and the round-trip time (sweeps)
    'swapUp',
    'roundTripTime'
  ],
  plot: { x: 'T', group: 'L' },
  cost: (p) => sweepTemperatures(p).length * p.sizes.reduce((s, L) => s + L * L, 0) * (p.equilibrationSweeps + p.measurementSweeps),
  budget: SWEEP_BUDGET,
  workUnit: 'spin updates',
  // The default sweep (L = 8, 16, 32; 41 T; 11,000 sweeps: 6.1·10⁸ updates) took 7.1 s on one
  // worker of a loaded two-core machine (8.5·10⁷/s; the small lattices are not multispin-coded).
  typicalRate: 1e8
})
