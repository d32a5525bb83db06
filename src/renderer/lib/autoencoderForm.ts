// The Autoencoder builder's form: text fields as the user types them, read into the params of
// 'autoencoder.train' (and, for Fig. 14, of the 'ising.dataset' to generate first) with every
// issue filed under its field — the kind's own schema checks them exactly as the service will.
// Plain functions (no runes), so the tests read forms and presets directly.

import { autoencoderTrainParams, type AutoencoderTrainInput, type AutoencoderTrainParams } from '../../shared/kinds/autoencoder'
import { autoencoderPresets, FIG14_DATASET, type AutoencoderPreset } from '../../shared/kinds/autoencoderPresets'
import { isingDatasetParams, type IsingDatasetParams } from '../../shared/kinds/isingDataset'
import { FormReader, type FieldIssues, type FieldLabels } from './formIssues'
import { parseSeed, SEED_PROBLEM } from './seed'

export type Source = 'mnist' | 'idx' | 'ising' | 'oscillator'
export type Activation = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'linear'

export interface AutoencoderForm {
  presetId: AutoencoderPreset['id'] | ''
  source: Source
  /** Imported IDX dataset run (source 'idx'). */
  importedId: string
  /** Ising dataset run, or 'generate' one from `gen` first (source 'ising'). */
  isingRun: string
  gen: { L: string; Tmin: string; Tmax: string; points: string; samples: string; algorithm: 'metropolis' | 'heatbath' | 'wolff' }
  osc: { count: string; samples: string; tMax: string; m: [string, string]; k: [string, string]; b: [string, string]; dataSeed: string }
  encoder: string
  latent: string
  /** Hidden widths of the decoder; empty mirrors the encoder. */
  decoder: string
  hiddenActivation: Activation
  latentActivation: Activation
  outputActivation: 'auto' | 'linear' | 'sigmoid' | 'tanh'
  loss: 'mse' | 'bce'
  tied: boolean
  variational: boolean
  beta: string
  noiseType: 'none' | 'flip' | 'gaussian' | 'mask'
  noiseLevel: string
  anomaly: 'none' | 'class' | 'temperature'
  heldOutClass: string
  normalBelowT: string
  optimizer: 'adam' | 'momentum' | 'sgd'
  lr: string
  batchSize: string
  epochs: string
  trainSize: string
  seed: string
  name: string
}

export const GENERATE = 'generate'

const list = (a: readonly number[]): string => a.join(', ')
const str = (v: unknown, d: string): string => (typeof v === 'number' ? String(v) : d)

/** The form of a preset (its dataset choice kept when the preset names none). */
export function formFromPreset(p: AutoencoderPreset, before?: AutoencoderForm): AutoencoderForm {
  const q = autoencoderTrainParams.parse({ ...p.params, dataset: p.generate ? { source: 'ising', runId: 1 } : (p.params.dataset ?? { source: 'mnist' }) })
  const gen = isingDatasetParams.parse(p.generate ?? FIG14_DATASET)
  const osc = q.dataset.source === 'oscillator' ? q.dataset : autoencoderTrainParams.parse({ dataset: { source: 'oscillator' } }).dataset
  if (osc.source !== 'oscillator') throw new Error('unreachable')
  return {
    presetId: p.id,
    source: q.dataset.source,
    importedId: before?.importedId ?? '',
    isingRun: p.generate ? GENERATE : (before?.isingRun ?? GENERATE),
    gen: { L: String(gen.L), Tmin: str(gen.range?.Tmin, '1.5'), Tmax: str(gen.range?.Tmax, '3.5'), points: str(gen.range?.points, '20'), samples: String(gen.samples), algorithm: gen.algorithm },
    osc: {
      count: String(osc.count),
      samples: String(osc.samples),
      tMax: String(osc.tMax),
      m: [String(osc.mass[0]), String(osc.mass[1])],
      k: [String(osc.stiffness[0]), String(osc.stiffness[1])],
      b: [String(osc.damping[0]), String(osc.damping[1])],
      dataSeed: String(osc.dataSeed)
    },
    encoder: list(q.encoder),
    latent: String(q.latent),
    decoder: q.decoder ? list(q.decoder) : '',
    hiddenActivation: q.hiddenActivation,
    latentActivation: q.latentActivation,
    outputActivation: q.outputActivation,
    loss: q.loss,
    tied: q.tied,
    variational: q.variational,
    beta: String(q.beta),
    noiseType: q.noise ? q.noise.type : 'none',
    noiseLevel: String(q.noise?.level ?? 0.2),
    anomaly: !q.anomaly ? 'none' : 'heldOutClass' in q.anomaly ? 'class' : 'temperature',
    heldOutClass: String(q.anomaly && 'heldOutClass' in q.anomaly ? q.anomaly.heldOutClass : 7),
    normalBelowT: String(q.anomaly && 'normalBelowT' in q.anomaly ? q.anomaly.normalBelowT : 2),
    optimizer: q.optimizer,
    lr: String(q.lr),
    batchSize: String(q.batchSize),
    epochs: String(q.epochs),
    trainSize: String(q.trainSize),
    seed: before?.seed ?? '',
    name: ''
  }
}

export const defaultForm = (): AutoencoderForm => formFromPreset(autoencoderPresets[1])

export interface FormRead {
  /** The training params; for a dataset still to generate, `dataset.runId` is a stand-in the panel replaces. */
  params: AutoencoderTrainParams | null
  /** The Ising dataset to generate first (Fig. 14 from a fresh install), or null. */
  generate: IsingDatasetParams | null
  seed: number | undefined
  issues: FieldIssues
}

/** The builder's labels by params path (messages name fields by these; a refused start too). */
export const AUTOENCODER_LABELS: FieldLabels = {
  dataset: 'Data',
  'dataset.count': 'Trajectories',
  'dataset.samples': 'Time points',
  'dataset.tMax': 'Duration t_max',
  'dataset.mass': 'Mass m',
  'dataset.mass.0': 'm from',
  'dataset.mass.1': 'm to',
  'dataset.stiffness': 'Spring constant k',
  'dataset.stiffness.0': 'k from',
  'dataset.stiffness.1': 'k to',
  'dataset.damping': 'Damping b',
  'dataset.damping.0': 'b from',
  'dataset.damping.1': 'b to',
  'dataset.dataSeed': 'Data seed',
  encoder: 'Encoder widths',
  latent: 'Latent size',
  decoder: 'Decoder widths',
  beta: 'β',
  noise: 'Noise',
  'noise.level': 'Noise level',
  anomaly: 'Anomaly',
  'anomaly.heldOutClass': 'Held-out class',
  'anomaly.normalBelowT': 'Normal below T',
  lr: 'Learning rate',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  trainSize: 'Training items',
  seed: 'Seed'
}

/** The Fig. 14 dataset's fields (checked by the dataset kind, filed under "generate."). */
const GENERATE_LABELS: FieldLabels = { L: 'Size L', range: 'Temperature range', 'range.Tmin': 'Tmin', 'range.Tmax': 'Tmax', 'range.points': 'Temperatures', samples: 'Samples per T' }

function widths(r: FormReader, path: string, text: string): number[] {
  const parts = text.split(/[,\s–]+/).filter((s) => s !== '')
  return parts.map((s, i) => r.number(`${path}.${i}`, s) ?? NaN)
}

/** Read the form into params, checked by the kinds' schemas; every problem under its field, in the form's words. */
export function readForm(f: AutoencoderForm): FormRead {
  const r = new FormReader(AUTOENCODER_LABELS)
  const n = (path: string, text: string): number => r.number(path, text) ?? NaN
  let generate: IsingDatasetParams | null = null
  let dataset: AutoencoderTrainInput['dataset']
  switch (f.source) {
    case 'mnist':
      dataset = { source: 'mnist' }
      break
    case 'idx':
      if (!/^\d+$/.test(f.importedId)) r.add('dataset', 'choose an imported image set')
      dataset = { source: 'idx', importedId: Number(f.importedId) || 1 }
      break
    case 'oscillator': {
      const o = f.osc
      const pair = (key: string, v: [string, string]): [number, number] => [n(`dataset.${key}.0`, v[0]), n(`dataset.${key}.1`, v[1])]
      dataset = {
        source: 'oscillator',
        count: n('dataset.count', o.count),
        samples: n('dataset.samples', o.samples),
        tMax: n('dataset.tMax', o.tMax),
        mass: pair('mass', o.m),
        stiffness: pair('stiffness', o.k),
        damping: pair('damping', o.b),
        dataSeed: n('dataset.dataSeed', o.dataSeed)
      }
      break
    }
    case 'ising': {
      if (f.isingRun === GENERATE) {
        const g = f.gen
        const checked = new FormReader(GENERATE_LABELS)
        const gp = {
          L: checked.number('L', g.L),
          range: { Tmin: checked.number('range.Tmin', g.Tmin), Tmax: checked.number('range.Tmax', g.Tmax), points: checked.number('range.points', g.points) },
          samples: checked.number('samples', g.samples),
          algorithm: g.algorithm
        }
        generate = checked.check(isingDatasetParams, gp)
        for (const [k, msgs] of Object.entries(checked.issues)) for (const m of msgs) r.add(`generate.${k}`, m)
      } else if (!/^\d+$/.test(f.isingRun)) r.add('dataset', 'choose a stored Ising dataset, or generate one')
      dataset = { source: 'ising', runId: f.isingRun === GENERATE ? 1 : Number(f.isingRun) || 1 }
      break
    }
  }
  const decoder = f.decoder.trim() === '' ? undefined : widths(r, 'decoder', f.decoder)
  const input: AutoencoderTrainInput = {
    dataset,
    encoder: widths(r, 'encoder', f.encoder),
    latent: n('latent', f.latent),
    ...(decoder ? { decoder } : {}),
    hiddenActivation: f.hiddenActivation,
    latentActivation: f.latentActivation,
    outputActivation: f.outputActivation,
    loss: f.loss,
    tied: f.tied,
    variational: f.variational,
    beta: f.variational ? n('beta', f.beta) : 1,
    ...(f.noiseType !== 'none' ? { noise: { type: f.noiseType, level: n('noise.level', f.noiseLevel) } } : {}),
    ...(f.anomaly === 'class' ? { anomaly: { heldOutClass: n('anomaly.heldOutClass', f.heldOutClass) } } : {}),
    ...(f.anomaly === 'temperature' ? { anomaly: { normalBelowT: n('anomaly.normalBelowT', f.normalBelowT) } } : {}),
    optimizer: f.optimizer,
    lr: n('lr', f.lr),
    batchSize: n('batchSize', f.batchSize),
    epochs: n('epochs', f.epochs),
    trainSize: n('trainSize', f.trainSize)
  }
  let seed: number | undefined
  try {
    seed = parseSeed(f.seed)
  } catch {
    r.add('seed', SEED_PROBLEM)
  }
  const params = r.check(autoencoderTrainParams, input)
  return { params: params && (f.source !== 'ising' || f.isingRun !== GENERATE || generate) ? params : null, generate, seed, issues: r.issues }
}

/** The architecture in one line, e.g. "784–256–2–256–784". */
export function describeShape(input: number | null, encoder: readonly number[], latent: number, decoder: readonly number[] | undefined, variational: boolean): string {
  const side = input === null ? '·' : String(input)
  const mid = variational ? `${latent}(μ, log σ²)` : String(latent)
  return [side, ...encoder, mid, ...(decoder ?? [...encoder].reverse()), side].join('–')
}

/** The run's name in the run list: what it is at a glance. */
export function runName(p: AutoencoderTrainParams, input: number | null): string {
  const kind = p.variational ? (p.beta === 1 ? 'VAE' : `β-VAE β = ${p.beta}`) : p.noise ? 'Denoising AE' : 'Autoencoder'
  const src = { mnist: 'MNIST', idx: 'imported set', ising: 'Ising', oscillator: 'oscillator' }[p.dataset.source]
  return `${kind} ${describeShape(input, p.encoder, p.latent, p.decoder, p.variational)} · ${src}${p.anomaly ? ' · anomaly' : ''}`.slice(0, 200)
}
