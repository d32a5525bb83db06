import { z } from 'zod'
import { defineKind, noControl } from './define'
import { Coupling, Field, LatticeSize, Temperature } from './ising'
import { IsingAlgorithm, SWEEP_BUDGET } from './isingSweep'

// A dataset of decorrelated Ising configurations at a set of temperatures (the training
// data of the Boltzmann machine and the autoencoder of Fig. 14), stored as the four
// artifacts of format 'ising-dataset-v1' (src/engine/ising/datasetFormat.ts).

/** The configurations of one dataset may take at most this many bytes (one byte a spin). */
export const MAX_DATASET_BYTES = 256 * 1024 * 1024

/** The pilot may grow to this many times pilotSweeps while τ has not converged (as the engine does). */
const MAX_PILOT_FACTOR = 16

const temperatureRange = z
  .object({
    Tmin: Temperature,
    Tmax: Temperature,
    points: z.number().int().min(1, 'at least 1 temperature').max(1000, 'at most 1,000 temperatures')
  })
  .strict()

export const isingDatasetParams = z
  .object({
    L: LatticeSize.max(128, 'L must be at most 128 in a dataset'),
    /** Temperatures in the order they are stored, or an evenly spaced rising range. */
    temperatures: z.array(Temperature).min(1, 'give at least one temperature').max(1000, 'at most 1,000 temperatures').optional(),
    range: temperatureRange.optional(),
    /** Configurations kept per temperature. */
    samples: z.number().int('samples must be a whole number').min(1, 'samples must be at least 1 per temperature').max(10000, 'samples must be at most 10,000 per temperature'),
    algorithm: IsingAlgorithm.default('metropolis'),
    J: Coupling.default(1),
    B: Field.default(0),
    /** 'auto' orders the start along the field (up at B = 0): a random start below Tc can freeze into stripes. */
    start: z.enum(['auto', 'random', 'up', 'down']).default('auto'),
    equilibrationSweeps: z.number().int().min(0).max(1e7).default(1000),
    /** Sweeps of the run that measures τ_int (doubled up to 16× while τ has not converged). */
    pilotSweeps: z.number().int().min(100, 'pilotSweeps must be at least 100 to estimate τ_int').max(1e6).default(4000),
    /** Fixed sweeps between two samples; leave out for the rule max(1, ⌈2·τ_int⌉). */
    spacing: z.number().int('spacing must be a whole number of sweeps').min(1, 'spacing must be at least 1 sweep').max(1e6).optional(),
    /** Cap on the automatic spacing, in sweeps. */
    maxSpacing: z.number().int().min(1, 'maxSpacing must be at least 1 sweep').max(1e6).default(1000),
    /** Flip each stored configuration as a whole with probability ½ (default: on at B = 0). */
    symmetrize: z.boolean().optional(),
    /** All temperatures at once, neighbours swapping configurations (parallel tempering). */
    replicaExchange: z.boolean().default(false),
    swapEvery: z.number().int('swapEvery must be a whole number of sweeps').min(1, 'swapEvery must be at least 1 sweep').max(1e6).default(1)
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.range && !p.temperatures) ctx.addIssue({ code: 'custom', path: ['range'], message: 'give a temperature range or a list of temperatures' })
    if (p.range && p.temperatures) ctx.addIssue({ code: 'custom', path: ['temperatures'], message: 'give a range or a list, not both' })
    if (p.range && p.range.points > 1 && !(p.range.Tmax > p.range.Tmin))
      ctx.addIssue({ code: 'custom', path: ['range'], message: `the temperature range is empty or reversed (Tmin ${p.range.Tmin} ≥ Tmax ${p.range.Tmax})` })
    if (p.algorithm === 'wolff' && p.B !== 0)
      ctx.addIssue({ code: 'custom', path: ['B'], message: 'Wolff cluster updates need B = 0 (a field breaks the cluster symmetry): choose metropolis or heatbath for B ≠ 0' })
    if (p.algorithm === 'wolff' && p.J < 0) ctx.addIssue({ code: 'custom', path: ['J'], message: 'Wolff cluster updates here need J > 0 (ferromagnet)' })
    if (p.replicaExchange && p.algorithm === 'wolff')
      ctx.addIssue({ code: 'custom', path: ['algorithm'], message: 'replica exchange runs Metropolis or heat-bath inside the replicas: choose one of them' })
    if (p.replicaExchange && datasetTemperatureCount(p) < 2)
      ctx.addIssue({ code: 'custom', path: [p.range ? 'range' : 'temperatures'], message: 'replica exchange needs at least 2 temperatures' })
    if (p.symmetrize === true && p.B !== 0)
      ctx.addIssue({ code: 'custom', path: ['symmetrize'], message: 'symmetrize needs B = 0: flipping every spin changes the field energy −BΣσ' })
    const bytes = datasetTemperatureCount(p) * p.samples * p.L * p.L
    if (bytes > MAX_DATASET_BYTES)
      ctx.addIssue({
        code: 'custom',
        path: ['samples'],
        message: `the dataset would hold ${(bytes / 2 ** 20).toFixed(0)} MB of spins (temperatures × samples × L²), at most ${MAX_DATASET_BYTES / 2 ** 20} MB: fewer temperatures or samples, or a smaller L`
      })
  })

export const isingDatasetResult = z
  .object({
    L: z.number(),
    /** Configurations stored (fewer than temperatures × samples when stopped). */
    count: z.number(),
    temperatures: z.number(),
    algorithm: IsingAlgorithm,
    symmetrized: z.boolean(),
    stopped: z.boolean(),
    /** Sweeps between two samples, smallest and largest over the temperatures. */
    minSpacing: z.number().nullable(),
    maxSpacingUsed: z.number().nullable(),
    format: z.literal('ising-dataset-v1'),
    /** With replica exchange: the swap acceptance of each neighbouring pair, and the round-trip time (sweeps; NaN → null without one). */
    replicaExchange: z.literal(true).optional(),
    swapAcceptance: z.array(z.number()).optional(),
    roundTripTime: z.number().nullable().optional()
  })
  .strict()

export type IsingDatasetParams = z.output<typeof isingDatasetParams>

function datasetTemperatureCount(p: { temperatures?: number[]; range?: { points: number } }): number {
  return p.temperatures?.length ?? p.range?.points ?? 0
}

export const isingDataset = defineKind({
  kind: 'ising.dataset',
  title: 'Ising configuration dataset',
  summary: 'Decorrelated equilibrium configurations at a set of temperatures (one sample every ⌈2τ_int⌉ sweeps), for the Boltzmann machine and autoencoder.',
  params: isingDatasetParams,
  control: noControl,
  result: isingDatasetResult,
  artifacts: [
    { name: 'dataset', description: 'the configurations, Int8 ±1, count × L² (its meta tells how they were made)' },
    { name: 'dataset.T', description: 'the temperature of each configuration, Float64' },
    { name: 'dataset.E', description: 'the energy per spin of each configuration (Eq. 14 / N), Float64' },
    { name: 'dataset.m', description: 'the magnetization per spin of each configuration, Float64' }
  ],
  plot: { x: 'T' },
  series: ['T', 'tauAbsM', 'tauE', 'spacing', 'samples', 'absM', 'e', 'pilotSweeps', 'tauSamples'],
  // An upper bound: the spacing is known only after the pilot, so the cap (or the fixed spacing) is used.
  cost: (p) =>
    datasetTemperatureCount(p) * p.L * p.L * (p.equilibrationSweeps + MAX_PILOT_FACTOR * p.pilotSweeps + p.samples * (p.spacing ?? p.maxSpacing)),
  budget: SWEEP_BUDGET,
  workUnit: 'spin updates (at most)',
  // As the sweep's (the same Metropolis lattices); the cost is an upper bound, so is the time.
  typicalRate: 1e8
})
