import { z } from 'zod'
import { defineKind, noControl } from './define'
import { Coupling, LatticeSize, Temperature } from './ising'
import { IsingAlgorithm, SWEEP_BUDGET } from './isingSweep'

// The hysteresis loop: at fixed T the field of Eq. 14 runs −Bmax → +Bmax → −Bmax with the
// lattice carried from step to step; one row per field step.
export const isingHysteresisParams = z
  .object({
    L: LatticeSize.max(1024, 'L must be at most 1024 in a hysteresis loop'),
    T: Temperature,
    J: Coupling.default(1),
    /** The field runs over [−Bmax, +Bmax]. */
    Bmax: z.number().gt(0, 'Bmax must be > 0 (the field runs from −Bmax to +Bmax)').max(100, 'Bmax must be at most 100'),
    /** Field values per branch, both ends included (odd puts B = 0 on the grid). */
    steps: z.number().int('steps must be a whole number').min(2, 'steps must be at least 2 (−Bmax and +Bmax)').max(2000, 'steps must be at most 2,000'),
    /** Sweeps after each field change before measuring. */
    equilibrationSweeps: z.number().int().min(0).max(1e7).default(100),
    /** Sweeps measured per field step (one measurement per sweep). */
    measurementSweeps: z.number().int().min(10, 'measure at least 10 sweeps per field step (for an error bar)').max(1e7).default(200),
    /** Wolff is in the enum so that asking for it gets the reason it is refused. */
    algorithm: IsingAlgorithm.default('metropolis'),
    start: z.enum(['random', 'up', 'down']).default('down')
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.algorithm === 'wolff')
      ctx.addIssue({ code: 'custom', path: ['algorithm'], message: 'Wolff cluster updates need B = 0 and a hysteresis loop sweeps the field B: choose metropolis or heatbath' })
  })

const orNull = z.number().nullable()

/** The loop's summary; null where a branch did not cross (or was not run). */
export const isingHysteresisResult = z
  .object({
    L: z.number(),
    T: z.number(),
    J: z.number(),
    Bmax: z.number(),
    steps: z.number(),
    algorithm: z.enum(['metropolis', 'heatbath']),
    stepsDone: z.number(),
    stopped: z.boolean(),
    coerciveUp: orNull,
    coerciveDown: orNull,
    coerciveField: orNull,
    remanenceUp: orNull,
    remanenceDown: orNull,
    loopArea: orNull,
    loopAreaErr: orNull
  })
  .strict()

export type IsingHysteresisParams = z.output<typeof isingHysteresisParams>

export const isingHysteresis = defineKind({
  kind: 'ising.hysteresis',
  title: 'Ising hysteresis loop',
  summary: 'm(B) at fixed T as the field sweeps −Bmax → +Bmax → −Bmax with the lattice carried: coercive fields and loop area.',
  params: isingHysteresisParams,
  control: noControl,
  result: isingHysteresisResult,
  artifacts: [{ name: 'lattice', description: 'the spins at the end of the loop, Int8 ±1, row-major L×L' }],
  series: ['B', 'm', 'mErr', 'e', 'eErr', 'branch', 'step'],
  plot: { x: 'B', group: 'branch' },
  cost: (p) => 2 * p.steps * p.L * p.L * (p.equilibrationSweeps + p.measurementSweeps),
  budget: SWEEP_BUDGET,
  workUnit: 'spin updates',
  // The tab's default loop (L = 64, 41 steps, 200 + 800 sweeps: 3.4·10⁸ updates) took 1.4 s on
  // one worker of a loaded two-core machine (2.4·10⁸/s, multispin-coded).
  typicalRate: 2e8
})
