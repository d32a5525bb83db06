// The Boltzmann panel's parts of the workspace (workspace.svelte.ts): the open tab, each job
// tab's form as typed (with the stored machine or Ising dataset it chose) and the run it showed
// last, and the digit drawn on the Complete tab's pad; and the forms filled from a run's params
// when one is opened or reattached (workspaceJobTab.ts), by the forms' own fill.

import { z } from 'zod'
import { DIGIT_SIDE } from './cnnDraw'
import { completeForm, dreamForm, moviesForm, thermoForm, trainForm } from './rbmForms.svelte'
import { completeJob, dreamJob, moviesJob, rbm, RBM_TABS, thermoJob, trainJob, type RbmTab } from './rbmSession.svelte'
import { workspace } from './workspace.svelte'
import { jobTab } from './workspaceJobTab'

const Text = z.string().max(10_000)
/** A stored run the form reads (a machine, an Ising dataset), or none chosen. */
const StoredRun = z.number().int().positive().nullable()
const Units = z.enum(['binary', 'spin'])
const GibbsRule = z.enum(['standard', 'printed'])

workspace.part({
  key: 'rbm.panel',
  version: 1,
  what: 'the Boltzmann panel’s open tab',
  schema: z.object({ tab: z.enum(RBM_TABS.map((t) => t.id) as [RbmTab, ...RbmTab[]]) }),
  save: () => ({ tab: rbm.tab }),
  restore: (v) => (rbm.tab = v.tab)
})

/** How a machine learns (rbmForms' LearningFields), in the train, thermodynamics and movies forms. */
const learning = {
  hidden: Text,
  method: z.enum(['cd', 'pcd', 'exact']),
  k: Text,
  lr: Text,
  schedule: z.enum(['linear', 'constant']),
  finalLr: Text,
  epochs: Text,
  batchSize: Text,
  momentum: Text,
  l2: Text,
  initStd: Text,
  sign: z.enum(['correct', 'printed']),
  gibbsRule: GibbsRule,
  statistics: z.enum(['probabilities', 'samples']),
  biases: z.boolean(),
  seed: Text,
  name: Text
}

/** The sampling of a trained machine (rbmForms' ChainForm), in the dream and completion forms. */
const chain = { machine: StoredRun, chains: Text, sweeps: Text, frameEvery: Text, gibbsRule: GibbsRule, seed: Text }

const TrainFormValue = z.object({
  ...learning,
  presetId: z.string().max(64),
  source: z.enum(['mnist', 'isingExact', 'isingDataset']),
  trainSize: Text,
  binarization: z.enum(['threshold', 'sample']),
  L: Text,
  T: Text,
  samples: Text,
  symmetrize: z.boolean(),
  datasetRun: StoredRun,
  datasetT: Text,
  units: Units,
  measureEvery: Text,
  ais: z.boolean(),
  aisBetas: Text,
  aisChains: Text
})

const DreamFormValue = z.object({ ...chain, start: z.enum(['noise', 'data']) })

const CompleteFormValue = z.object({
  ...chain,
  source: z.enum(['test', 'drawn']),
  item: Text,
  mask: z.enum(['top', 'bottom', 'left', 'right', 'random']),
  fraction: Text,
  hopfieldRule: z.enum(['hebbian', 'storkey', 'pseudoinverse']),
  perClass: Text
})

const ThermoFormValue = z.object({
  ...learning,
  presetId: z.string().max(64),
  source: z.enum(['exact', 'dataset']),
  datasetRun: StoredRun,
  L: Text,
  temperatures: Text,
  samples: Text,
  symmetrize: z.boolean(),
  units: Units,
  seeds: Text,
  sampleChains: Text,
  sampleSweeps: Text
})

const MoviesFormValue = z.object({
  ...learning,
  users: Text,
  movies: Text,
  genres: Text,
  seen: Text,
  heldOut: Text,
  taste: Text,
  qualitySpread: Text,
  encoding: z.enum(['spin', 'naive', 'both'])
})

jobTab('rbm.train', 'the Boltzmann training form', TrainFormValue, trainForm, trainJob, (p) => trainForm.fill(p))
jobTab('rbm.dream', 'the dreaming form', DreamFormValue, dreamForm, dreamJob, (p) => dreamForm.fill(p))
jobTab('rbm.complete', 'the completion form', CompleteFormValue, completeForm, completeJob, (p) => completeForm.fill(p))
jobTab('rbm.thermo', 'the thermodynamics form', ThermoFormValue, thermoForm, thermoJob, (p) => thermoForm.fill(p))
jobTab('rbm.movies', 'the movie-ratings form', MoviesFormValue, moviesForm, moviesJob, (p) => moviesForm.fill(p))

// The digit drawn on the Complete tab's pad (DrawPad's 28 × 28 grey levels in [0, 1]).
workspace.part({
  key: 'rbm.drawn-digit',
  version: 1,
  what: 'the digit drawn to complete',
  schema: z.object({ drawn: z.array(z.number().min(0).max(1)).length(DIGIT_SIDE * DIGIT_SIDE).nullable() }),
  save: () => ({ drawn: completeForm.drawn ? Array.from(completeForm.drawn) : null }),
  restore: (v) => (completeForm.drawn = v.drawn && Float32Array.from(v.drawn))
})
