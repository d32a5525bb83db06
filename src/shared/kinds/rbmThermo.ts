import { z } from 'zod'
import { RunId } from '../primitives'
import { defineKind } from './define'
import { rbmLearningFields, rbmTrainControl, Units, RBM_ENUMERABLE } from './rbm'

// Learning thermodynamics (Torlai & Melko 2016): one Boltzmann machine per temperature on
// Ising configurations, sampled and compared with the data and the exact values.

export const rbmThermoParams = z
  .object({
    ...rbmLearningFields,
    hidden: rbmLearningFields.hidden.default(16),
    lr: rbmLearningFields.lr.default(1),
    epochs: rbmLearningFields.epochs.default(200),
    units: Units.default('binary'),
    /** 'exact': i.i.d. samples of the enumerated L×L lattice (L ≤ 4); or a stored ising.dataset run. */
    source: z.union([z.literal('exact'), z.object({ runId: RunId }).strict()]).default('exact'),
    L: z.number().int().min(2, 'the lattice side L must be at least 2').max(4, 'the exact sampler enumerates lattices up to 4×4').default(4),
    temperatures: z.array(z.number().positive('temperatures must be > 0').max(100)).min(1, 'give at least one temperature').max(64).default([1.5, 2.269, 3.5]),
    samples: z.number().int().min(10, 'at least 10 training configurations').max(200000).default(10000),
    /** Add the spin flip of every training configuration (Z₂-symmetrised data). */
    symmetrize: z.boolean().default(false),
    /** Machines trained per temperature, each from its own random streams: the spread over seeds. */
    seeds: z.number().int().min(1, 'train at least 1 machine per temperature').max(16, 'at most 16 machines per temperature').default(1),
    sampleChains: z.number().int().min(10).max(100000).default(2000),
    sampleSweeps: z.number().int().min(1).max(100000).default(1000)
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.method === 'exact' && p.hidden > RBM_ENUMERABLE && p.source !== 'exact')
      ctx.addIssue({ code: 'custom', path: ['hidden'], message: `exact maximum likelihood needs at most ${RBM_ENUMERABLE} hidden units here` })
  })

export type RbmThermoParams = z.output<typeof rbmThermoParams>

const quantities = ['e', 'absM', 'C', 'chi', 'pPlus']
export const RBM_THERMO_SERIES = ['T', 'seed', 'kl', 'klSymmetrized', ...['exact', 'data', 'rbm', 'machine'].flatMap((w) => quantities.map((q) => `${q}_${w}`))]

export const rbmThermo = defineKind({
  kind: 'rbm.thermo',
  title: 'Boltzmann machine: learning thermodynamics',
  summary: 'One RBM per temperature trained on Ising configurations; e, |m|, C, χ of its samples against the data and the exact values, and the exact relative entropy (raw and spin-flip symmetrised).',
  params: rbmThermoParams,
  control: rbmTrainControl,
  result: z
    .object({
      temperatures: z.array(z.number()),
      /** One row per trained machine, as in the series: T, seed, and e, |m|, C, χ, P(M > 0) of the exact lattice, the data, the machine's samples and the machine itself. */
      table: z.array(z.record(z.string(), z.number())),
      stoppedByUser: z.boolean()
    })
    .strict(),
  artifacts: [{ name: 'rbm.T<index>', description: 'the machine of temperature number t (rbm.T<t>; the further seeds rbm.T<t>.s<r>), packed as the rbm artifact of rbm.train' }],
  series: RBM_THERMO_SERIES,
  // Learning from a stored Ising dataset takes it along in a bundle.
  inputRuns: (p, to) => (p.source === 'exact' ? p : { ...p, source: { runId: to(p.source.runId) } })
})
