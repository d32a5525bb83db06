// The Network panel's part of the workspace (workspace.svelte.ts): the builder's form, its
// preset, the model it continues, and the training it showed last; and the builder filled
// from a training's params when one is opened from Runs.

import { z } from 'zod'
import { Activation, networkTrainParams } from '../../shared/kinds/network'
import { closestPreset, defaultForm, formFromParams, type NetworkForm } from './networkForm'
import { network } from './networkSession.svelte'
import { workspace } from './workspace.svelte'

/** A number field as the form holds it: any number, or null while it is empty (the form reports it). */
const Num = z.number().nullable()
const p = networkTrainParams.shape

const NetworkFormValue = z.object({
  layers: z.array(Num).min(1).max(16),
  hiddenActivation: Activation,
  outputActivation: Activation,
  leakySlope: Num,
  bias: z.boolean(),
  loss: p.loss.unwrap(),
  batchGradient: p.batchGradient.unwrap(),
  optimizer: p.optimizer.unwrap(),
  momentum: Num,
  beta1: Num,
  beta2: Num,
  lr: Num,
  scheduleType: z.enum(['constant', 'step', 'exponential', 'cosine']),
  stepEvery: Num,
  stepGamma: Num,
  expGamma: Num,
  cosineMinLr: Num,
  batchSize: Num,
  epochs: Num,
  init: p.init.unwrap(),
  weightDecay: Num,
  earlyStoppingPatience: Num,
  inputScaling: p.inputScaling.unwrap(),
  augment: z.boolean(),
  shift: Num,
  rotation: Num,
  zoom: Num,
  noise: Num,
  dataset: z.union([z.literal('mnist'), z.number().int().positive()]),
  evalEvery: Num,
  seedText: z.string().max(10_000),
  resumeFrom: z.number().int().positive().nullable()
})

// The builder's form, saved whole: a field whose type changes must change here (and the
// version); the compiler holds the two together. A field added later starts at its default.
type Saved = z.infer<typeof NetworkFormValue>
const saved = (f: NetworkForm): Saved => f
const asForm = (f: Saved): NetworkForm => ({ ...defaultForm(), ...f }) as NetworkForm

workspace.part({
  key: 'network.builder',
  version: 1,
  what: 'the network builder',
  schema: z.object({
    form: NetworkFormValue,
    presetId: z.string().max(64),
    resume: z.object({ id: z.number().int().positive(), layers: z.array(z.number()), bias: z.boolean() }).nullable(),
    lastRun: z.number().int().positive().nullable()
  }),
  save: () => ({ form: saved(network.form), presetId: network.presetId, resume: network.resumeInfo, lastRun: network.job.runId }),
  restore: (v) => {
    network.form = asForm(v.form)
    network.presetId = v.presetId
    network.resumeInfo = v.resume && v.form.resumeFrom === v.resume.id ? v.resume : null
    if (network.resumeInfo === null) network.form.resumeFrom = null
    network.job.remember(v.lastRun)
  }
})

// A training opened from Runs (or from the list of models): the builder says what it trained.
// A reattached one is taken up by the session's own onReattach; a reopened last run leaves the
// builder as the user left it.
network.job.onTake((detail, params, how) => {
  if (how !== 'open') return
  network.form = { ...formFromParams(params ?? detail.params, network.form.seedText), resumeFrom: null }
  network.resumeInfo = null
  network.presetId = closestPreset(network.form, network.datasets)?.id ?? ''
})
