// The Autoencoder panel's parts of the workspace (workspace.svelte.ts): the builder's form as
// typed, the run shown below it, and a training waiting for its Fig. 14 dataset.

import { z } from 'zod'
import { autoencoderTrain, autoencoderTrainParams } from '../../shared/kinds/autoencoder'
import { autoencoderPresets } from '../../shared/kinds/autoencoderPresets'
import { defaultForm, type AutoencoderForm } from './autoencoderForm'
import { autoencoderLab, type PendingTraining } from './autoencoderSession.svelte'
import { Seed } from '../../shared/primitives'
import { call } from './lab'
import { workspace } from './workspace.svelte'

const Text = z.string().max(10_000)
const Pair = z.tuple([Text, Text])
const Activation = z.enum(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear'])

const FormValue = z.object({
  presetId: z.string().max(64),
  source: z.enum(['mnist', 'idx', 'ising', 'oscillator']),
  importedId: Text,
  isingRun: Text,
  gen: z.object({ L: Text, Tmin: Text, Tmax: Text, points: Text, samples: Text, algorithm: z.enum(['metropolis', 'heatbath', 'wolff']) }),
  osc: z.object({ count: Text, samples: Text, tMax: Text, m: Pair, k: Pair, b: Pair, dataSeed: Text }),
  encoder: Text,
  latent: Text,
  decoder: Text,
  hiddenActivation: Activation,
  latentActivation: Activation,
  outputActivation: z.enum(['auto', 'linear', 'sigmoid', 'tanh']),
  loss: z.enum(['mse', 'bce']),
  tied: z.boolean(),
  variational: z.boolean(),
  beta: Text,
  noiseType: z.enum(['none', 'flip', 'gaussian', 'mask']),
  noiseLevel: Text,
  anomaly: z.enum(['none', 'class', 'temperature']),
  heldOutClass: Text,
  normalBelowT: Text,
  optimizer: z.enum(['adam', 'momentum', 'sgd']),
  lr: Text,
  batchSize: Text,
  epochs: Text,
  trainSize: Text,
  seed: Text,
  name: Text
})

// The form saved whole; the compiler holds the two shapes together (a field added later starts at its default).
type Saved = z.infer<typeof FormValue>
const saved = (f: AutoencoderForm): Saved => f
const isPreset = (id: string): id is AutoencoderForm['presetId'] => id === '' || autoencoderPresets.some((p) => p.id === id)

workspace.part({
  key: 'autoencoder.builder',
  version: 1,
  what: 'the autoencoder builder',
  schema: z.object({ form: FormValue, shown: z.number().int().positive().nullable() }),
  save: () => ({ form: saved(autoencoderLab.form), shown: autoencoderLab.shown?.runId ?? null }),
  restore: ({ form, shown }) => {
    autoencoderLab.form = { ...defaultForm(), ...form, presetId: isPreset(form.presetId) ? form.presetId : '' }
    // The run it showed, quietly: it may have been deleted since.
    if (shown !== null)
      call('runs.get', { runId: shown })
        .then((detail) => {
          if (autoencoderLab.shown === null && detail.kind === autoencoderTrain.kind) autoencoderLab.shown = { runId: shown, detail }
        })
        .catch(() => undefined)
  }
})

// The training that starts when its dataset is made (Fig. 14 from nothing): saved at once, as
// the dataset starts, so a reload or a restart right after still ends in the training.
workspace.part({
  key: 'autoencoder.after-dataset',
  version: 1,
  what: 'the training waiting for its dataset',
  immediate: true,
  schema: z.object({
    pending: z
      .object({ datasetRunId: z.number().int().positive(), params: autoencoderTrainParams, seed: Seed.optional(), name: Text })
      .strict()
      .nullable()
  }),
  save: () => ({ pending: autoencoderLab.pending }),
  restore: (v) => (autoencoderLab.pending = v.pending satisfies PendingTraining | null)
})
