import { z } from 'zod'
import { defineKind, noControl } from './define'
import { Coupling, Field, LatticeSize, Temperature } from './ising'

export const IsingAlgorithm = z.enum(['metropolis', 'heatbath', 'wolff'])

/** Spin updates a sweep may ask for before it needs an explicit confirmation (~10 min on one core). */
export const SWEEP_BUDGET = 1e11

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
    start: z.enum(['random', 'up', 'down']).default('random')
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
  })

/** The run keeps one metrics row per finished (L, T) point; its result only counts them. */
export const isingSweepResult = z
  .object({
    sizes: z.array(z.number()),
    /** Temperatures per size. */
    temperatures: z.number(),
    algorithm: IsingAlgorithm,
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
  artifacts: [{ name: 'L=<L>/T=<T>/lattice', description: 'the final spins of each point (T to 4 decimals), Int8 ±1, row-major L×L' }],
  series: ['L', 'T', 'e', 'eErr', 'm', 'mErr', 'absM', 'absMErr', 'm2', 'm2Err', 'm4', 'm4Err', 'chi', 'chiErr', 'C', 'CErr', 'U4', 'U4Err', 'tauIntAbsM', 'tauIntE'],
  cost: (p) => sweepTemperatures(p).length * p.sizes.reduce((s, L) => s + L * L, 0) * (p.equilibrationSweeps + p.measurementSweeps),
  budget: SWEEP_BUDGET
})
