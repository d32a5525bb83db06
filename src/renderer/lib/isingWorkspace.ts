// The Ising panel's parts of the workspace (workspace.svelte.ts): the open tab, the live
// lattice's settings, and each job tab's form with the run it showed last; and the forms
// filled from a run's params when one is opened (Runs → Open) or reattached after a reload.

import { z } from 'zod'
import type { IsingSweepParams } from '../../shared/kinds/isingSweep'
import type { IsingHysteresisParams } from '../../shared/kinds/isingHysteresis'
import type { IsingDatasetParams } from '../../shared/kinds/isingDataset'
import { datasetForm, hysteresisForm, sweepForm } from './isingForms.svelte'
import { datasetJob, hysteresisJob, isingTab, sweepJob } from './isingJobs.svelte'
import { ising, L_MAX, L_MIN } from './isingSession.svelte'
import { workspace } from './workspace.svelte'
import { jobTab } from './workspaceJobTab'

const Text = z.string().max(10_000)
const Algorithm = z.enum(['metropolis', 'heatbath', 'wolff'])
const TMode = z.enum(['range', 'list'])

const num = (x: number): string => String(x)
const list = (xs: readonly number[]): string => xs.join(', ')

/** The temperatures of a sweep or dataset form: a range or a list, as the user typed them. */
const temperatureFields = { tMode: TMode, Tmin: Text, Tmax: Text, points: Text, list: Text }

/** Those fields as a run's params give its temperatures. */
function temperaturesFrom(p: { range?: { Tmin: number; Tmax: number; points: number }; temperatures?: number[] }): Partial<z.infer<z.ZodObject<typeof temperatureFields>>> {
  return p.range ? { tMode: 'range', Tmin: num(p.range.Tmin), Tmax: num(p.range.Tmax), points: num(p.range.points) } : { tMode: 'list', list: list(p.temperatures ?? []) }
}

// ── the tab and the live lattice ────────────────────────────────────────────────────────

workspace.part({
  key: 'ising.panel',
  version: 1,
  what: 'the Ising panel’s open tab',
  schema: z.object({ tab: z.enum(['live', 'sweep', 'meanfield', 'hysteresis', 'datasets']) }),
  save: () => ({ tab: isingTab.current }),
  restore: (v) => (isingTab.current = v.tab)
})

workspace.part({
  key: 'ising.live',
  version: 1,
  what: 'the live lattice’s settings',
  schema: z.object({
    L: z.number().int().min(L_MIN).max(L_MAX),
    T: z.number().positive().max(1000),
    B: z.number().min(-100).max(100),
    J: z.union([z.literal(1), z.literal(-1)]),
    speed: z.number().min(0).max(1e6),
    seedText: Text
  }),
  save: () => ({ L: ising.L, T: ising.T, B: ising.B, J: ising.J, speed: ising.speed, seedText: ising.seedText }),
  restore: (v) => {
    // A live run still going sets these from itself when it is reattached, after this.
    ising.L = v.L
    ising.T = v.T
    ising.B = v.B
    ising.J = v.J
    ising.speed = v.speed
    ising.seedText = v.seedText
  }
})

// ── the sweep ───────────────────────────────────────────────────────────────────────────

const SweepFormValue = z.object({
  sizes: Text,
  ...temperatureFields,
  direction: z.enum(['cooling', 'heating']),
  carry: z.boolean(),
  algorithm: Algorithm,
  replicaExchange: z.boolean(),
  swapEvery: Text,
  keepSamples: Text,
  J: Text,
  B: Text,
  equilibration: Text,
  measurement: Text,
  measureEvery: Text,
  start: z.enum(['random', 'up', 'down']),
  seed: Text,
  name: Text
})
type SweepFormValue = z.infer<typeof SweepFormValue>

/** The sweep form as the run's params were (the seed and name stay the user's). */
export function sweepFormFrom(p: IsingSweepParams): void {
  Object.assign(sweepForm, {
    sizes: list(p.sizes),
    ...temperaturesFrom(p),
    direction: p.direction,
    carry: p.carry,
    algorithm: p.algorithm,
    replicaExchange: p.replicaExchange,
    swapEvery: num(p.swapEvery),
    keepSamples: num(p.keepSamples),
    J: num(p.J),
    B: num(p.B),
    equilibration: num(p.equilibrationSweeps),
    measurement: num(p.measurementSweeps),
    measureEvery: num(p.measureEvery),
    start: p.start
  } satisfies Partial<SweepFormValue>)
}

// ── the hysteresis loop ─────────────────────────────────────────────────────────────────

const HysteresisFormValue = z.object({
  L: Text,
  T: Text,
  J: Text,
  Bmax: Text,
  steps: Text,
  equilibration: Text,
  measurement: Text,
  algorithm: Algorithm,
  seed: Text,
  name: Text
})
type HysteresisFormValue = z.infer<typeof HysteresisFormValue>

export function hysteresisFormFrom(p: IsingHysteresisParams): void {
  Object.assign(hysteresisForm, {
    L: num(p.L),
    T: num(p.T),
    J: num(p.J),
    Bmax: num(p.Bmax),
    steps: num(p.steps),
    equilibration: num(p.equilibrationSweeps),
    measurement: num(p.measurementSweeps),
    algorithm: p.algorithm
  } satisfies Partial<HysteresisFormValue>)
}

// ── the dataset ─────────────────────────────────────────────────────────────────────────

const DatasetFormValue = z.object({
  L: Text,
  ...temperatureFields,
  samples: Text,
  algorithm: Algorithm,
  J: Text,
  B: Text,
  spacingRule: z.enum(['auto', 'fixed']),
  spacing: Text,
  maxSpacing: Text,
  equilibration: Text,
  pilot: Text,
  symmetrize: z.enum(['default', 'on', 'off']),
  replicaExchange: z.boolean(),
  seed: Text,
  name: Text
})
type DatasetFormValue = z.infer<typeof DatasetFormValue>

export function datasetFormFrom(p: IsingDatasetParams): void {
  Object.assign(datasetForm, {
    L: num(p.L),
    ...temperaturesFrom(p),
    samples: num(p.samples),
    algorithm: p.algorithm,
    J: num(p.J),
    B: num(p.B),
    spacingRule: p.spacing !== undefined ? 'fixed' : 'auto',
    ...(p.spacing !== undefined ? { spacing: num(p.spacing) } : { maxSpacing: num(p.maxSpacing) }),
    equilibration: num(p.equilibrationSweeps),
    pilot: num(p.pilotSweeps),
    symmetrize: p.symmetrize === undefined ? 'default' : p.symmetrize ? 'on' : 'off',
    replicaExchange: p.replicaExchange
  } satisfies Partial<DatasetFormValue>)
}

jobTab('ising.sweep', 'the sweep form', SweepFormValue, sweepForm, sweepJob, sweepFormFrom)
jobTab('ising.hysteresis', 'the hysteresis form', HysteresisFormValue, hysteresisForm, hysteresisJob, hysteresisFormFrom)
jobTab('ising.dataset', 'the dataset form', DatasetFormValue, datasetForm, datasetJob, datasetFormFrom)
