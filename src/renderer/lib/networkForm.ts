// The architecture builder's state and its checks. The form is flat (one field per input, the
// schedule's and augmentation's fields kept when switched off, so toggling loses nothing); it
// turns into 'network.train' params and is validated live with the kind's own zod schema, plus
// what the schema cannot know: the size of an imported dataset and of a model being continued.
// Pure (no DOM, no calls): unit-tested in test/unit/renderer/networkForm.test.ts.

import {
  MNIST_CLASSES,
  networkPresets,
  networkTrainParams,
  type NetworkPreset,
  type NetworkTrainInput,
  type NetworkTrainParams
} from '../../shared/kinds/network'
import { parseSeed } from './seed'
import { issueText, labelOf, type FieldLabels } from './formIssues'

export type ScheduleType = 'constant' | 'step' | 'exponential' | 'cosine'
export type ActivationName = NetworkTrainParams['hiddenActivation']

export interface NetworkForm {
  layers: number[]
  hiddenActivation: ActivationName
  outputActivation: ActivationName
  leakySlope: number
  bias: boolean
  loss: NetworkTrainParams['loss']
  batchGradient: NetworkTrainParams['batchGradient']
  optimizer: NetworkTrainParams['optimizer']
  momentum: number
  beta1: number
  beta2: number
  lr: number
  scheduleType: ScheduleType
  stepEvery: number
  stepGamma: number
  expGamma: number
  cosineMinLr: number
  batchSize: number
  epochs: number
  init: NetworkTrainParams['init']
  weightDecay: number
  earlyStoppingPatience: number
  inputScaling: NetworkTrainParams['inputScaling']
  augment: boolean
  shift: number
  rotation: number
  zoom: number
  noise: number
  /** 'mnist' or the run id of an imported dataset. */
  dataset: 'mnist' | number
  evalEvery: number
  /** Empty: a random seed. */
  seedText: string
  /** Run whose weights the training starts from (train further), or null. */
  resumeFrom: number | null
}

/** What the builder knows of an imported dataset (its 'dataset.idx' run). */
export interface DatasetInfo {
  id: number
  name: string
  count: number
  rows: number
  cols: number
  classes: number
}

/** What the builder knows of the model a training continues. */
export interface ResumeInfo {
  id: number
  layers: number[]
  bias: boolean
}

export const SCHEDULE_DEFAULTS = { stepEvery: 2, stepGamma: 0.5, expGamma: 0.9, cosineMinLr: 0 }

/** The form of a params object (defaults filled in by the schema where it parses; a stored run's params may not). */
export function formFromParams(input: NetworkTrainInput | Record<string, unknown>, seedText = ''): NetworkForm {
  const parsed = networkTrainParams.safeParse(input)
  // An input the schema refuses (e.g. an old run's params) still fills what it can.
  const p = (parsed.success ? parsed.data : { ...networkTrainParams.parse(networkPresets.find((x) => x.id === 'modern-mlp')!.params), ...input }) as NetworkTrainParams
  const s = p.schedule
  const a = p.augmentation
  return {
    layers: [...p.layers],
    hiddenActivation: p.hiddenActivation,
    outputActivation: p.outputActivation,
    leakySlope: p.leakySlope,
    bias: p.bias,
    loss: p.loss,
    batchGradient: p.batchGradient,
    optimizer: p.optimizer,
    momentum: p.momentum,
    beta1: p.betas[0],
    beta2: p.betas[1],
    lr: p.lr,
    scheduleType: s.type,
    stepEvery: s.type === 'step' ? s.every : SCHEDULE_DEFAULTS.stepEvery,
    stepGamma: s.type === 'step' ? s.gamma : SCHEDULE_DEFAULTS.stepGamma,
    expGamma: s.type === 'exponential' ? s.gamma : SCHEDULE_DEFAULTS.expGamma,
    cosineMinLr: s.type === 'cosine' ? s.minLr : SCHEDULE_DEFAULTS.cosineMinLr,
    batchSize: p.batchSize,
    epochs: p.epochs,
    init: p.init,
    weightDecay: p.weightDecay,
    earlyStoppingPatience: p.earlyStoppingPatience,
    inputScaling: p.inputScaling,
    augment: a !== undefined && (a.shift > 0 || a.rotation > 0 || a.zoom > 0 || a.noise > 0),
    shift: a?.shift ?? 2,
    rotation: a?.rotation ?? 10,
    zoom: a?.zoom ?? 0.1,
    noise: a?.noise ?? 0,
    dataset: p.dataset === 'mnist' ? 'mnist' : p.dataset.importedId,
    evalEvery: p.evalEvery,
    seedText,
    resumeFrom: p.resumeFrom?.runId ?? null
  }
}

export const defaultForm = (): NetworkForm => formFromParams(networkPresets.find((x) => x.id === 'modern-mlp')!.params)

/** The 'network.train' params the form describes (not yet validated). */
export function paramsFromForm(f: NetworkForm): NetworkTrainInput {
  const schedule: NetworkTrainInput['schedule'] =
    f.scheduleType === 'step'
      ? { type: 'step', every: f.stepEvery, gamma: f.stepGamma }
      : f.scheduleType === 'exponential'
        ? { type: 'exponential', gamma: f.expGamma }
        : f.scheduleType === 'cosine'
          ? { type: 'cosine', minLr: f.cosineMinLr }
          : { type: 'constant' }
  return {
    layers: [...f.layers],
    hiddenActivation: f.hiddenActivation,
    outputActivation: f.outputActivation,
    leakySlope: f.leakySlope,
    bias: f.bias,
    loss: f.loss,
    batchGradient: f.batchGradient,
    optimizer: f.optimizer,
    momentum: f.momentum,
    betas: [f.beta1, f.beta2],
    lr: f.lr,
    schedule,
    batchSize: f.batchSize,
    epochs: f.epochs,
    init: f.init,
    weightDecay: f.weightDecay,
    earlyStoppingPatience: f.earlyStoppingPatience,
    inputScaling: f.inputScaling,
    ...(f.augment ? { augmentation: { shift: f.shift, rotation: f.rotation, zoom: f.zoom, noise: f.noise } } : {}),
    dataset: f.dataset === 'mnist' ? 'mnist' : { importedId: f.dataset },
    evalEvery: f.evalEvery,
    ...(f.resumeFrom !== null ? { resumeFrom: { runId: f.resumeFrom } } : {})
  }
}

/** The builder's labels by params path (messages name fields by these). */
export function fieldLabels(layerCount: number): FieldLabels {
  const layers: Record<string, string> = { layers: 'Layers', 'layers.0': 'Input size', [`layers.${layerCount - 1}`]: 'Output size' }
  for (let i = 1; i < layerCount - 1; i++) layers[`layers.${i}`] = `Hidden ${i}`
  return {
    ...layers,
    dataset: 'Dataset',
    inputScaling: 'Input scaling',
    'augmentation.shift': 'Shift (px)',
    'augmentation.rotation': 'Rotation (°)',
    'augmentation.zoom': 'Zoom (±)',
    'augmentation.noise': 'Noise (σ)',
    hiddenActivation: 'Hidden activation',
    outputActivation: 'Output activation',
    leakySlope: 'Leaky slope',
    bias: 'Bias',
    init: 'Initial weights',
    loss: 'Loss',
    batchGradient: 'Batch gradient',
    optimizer: 'Optimizer',
    momentum: 'Momentum μ',
    'betas.0': 'β₁',
    'betas.1': 'β₂',
    lr: 'Learning rate η',
    'schedule.every': 'Every (epochs)',
    'schedule.gamma': 'Factor γ',
    'schedule.minLr': 'Final η',
    batchSize: 'Batch size',
    epochs: 'Epochs',
    weightDecay: 'Weight decay',
    earlyStoppingPatience: 'Early stopping',
    evalEvery: 'Validate every (batches)',
    seed: 'Seed'
  }
}

export interface FormCheck {
  /** The validated params when there is no issue. */
  params: NetworkTrainParams | null
  seed: number | undefined
  /** Messages by params path ('lr', 'layers.0', 'schedule.gamma', 'seed', …). */
  issues: Record<string, string[]>
  count: number
}

/** Training items of a dataset of `count` under the lab's fixed 80/10/10 split. */
export const trainSize = (count: number): number => count - 2 * Math.round(count * 0.1)

/** Fewer validation or test items than this make the accuracies too coarse to read. */
export const SMALL_SPLIT = 50

/**
 * A warning (not a refusal) for a dataset so small that its split measures nothing: with 1
 * test item the accuracy is 0 or 100 %, and a curve that will not fall says nothing of the
 * step size. Null when the split is large enough.
 */
export function splitWarning(ds: Pick<DatasetInfo, 'name' | 'count'>): string | null {
  const held = Math.round(ds.count * 0.1)
  if (held >= SMALL_SPLIT) return null
  const items = (n: number): string => `${n} ${n === 1 ? 'item' : 'items'}`
  return (
    `“${ds.name}” holds ${items(ds.count)}: the 80/10/10 split leaves ${items(trainSize(ds.count))} for training, ` +
    `${items(held)} for validation and ${items(held)} for test, so ${held > 0 ? `each accuracy moves in steps of ${Math.round(100 / held)} %` : 'nothing is validated or tested'} ` +
    `and the curves cannot tell a good step size from a bad one. Import at least ${SMALL_SPLIT * 10} images for figures that mean something.`
  )
}

/** Check the form as the service will, plus the dataset's and the continued model's sizes. */
export function checkForm(f: NetworkForm, datasets: readonly DatasetInfo[] = [], resume: ResumeInfo | null = null): FormCheck {
  const issues: Record<string, string[]> = {}
  const add = (path: string, message: string): void => {
    ;(issues[path] ??= []).push(message)
  }
  let seed: number | undefined
  try {
    seed = parseSeed(f.seedText)
  } catch (e) {
    add('seed', (e as Error).message)
  }
  const parsed = networkTrainParams.safeParse(paramsFromForm(f))
  if (!parsed.success) {
    const labels = fieldLabels(f.layers.length)
    const params = paramsFromForm(f)
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.') || 'params'
      if (!issues[path]) add(path, issueText(issue, labelOf(labels, path), issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k], params)))
    }
  }
  if (f.dataset !== 'mnist') {
    const ds = datasets.find((d) => d.id === f.dataset)
    if (!ds) add('dataset', `dataset #${f.dataset} is not an imported dataset (any more): choose another`)
    else {
      const px = ds.rows * ds.cols
      if (f.layers[0] !== px) add('layers.0', `the first layer size must be ${px}: the images of “${ds.name}” have ${ds.rows}×${ds.cols} pixels (got ${f.layers[0]})`)
      const last = f.layers.length - 1
      if (f.layers[last] !== ds.classes) add(`layers.${last}`, `the last layer size must be ${ds.classes}, one output per class of “${ds.name}” (got ${f.layers[last]})`)
      const n = trainSize(ds.count)
      if (f.batchSize > n) add('batchSize', `batch size ${f.batchSize} exceeds the ${n} training items of “${ds.name}”`)
    }
  }
  if (resume) {
    if (f.layers.join('-') !== resume.layers.join('-'))
      add('layers', `to train run #${resume.id} further, keep its layers ${resume.layers.join('-')} (got ${f.layers.join('-')})`)
    if (f.bias !== resume.bias) add('bias', `run #${resume.id} was trained ${resume.bias ? 'with' : 'without'} biases: keep that to continue it`)
  }
  const count = Object.values(issues).reduce((a, m) => a + m.length, 0)
  return { params: count === 0 && parsed.success ? parsed.data : null, seed, issues, count }
}

/** The form of a preset, keeping the dataset (sized to fit it), the seed and nothing else. */
export function applyPreset(preset: NetworkPreset, current: NetworkForm, datasets: readonly DatasetInfo[] = []): NetworkForm {
  const f = formFromParams(preset.params, current.seedText)
  return fitDataset({ ...f, dataset: current.dataset }, datasets)
}

const LABELS: Partial<Record<keyof NetworkForm, string>> = {
  layers: 'layers',
  hiddenActivation: 'hidden activation',
  outputActivation: 'output activation',
  leakySlope: 'leaky slope',
  bias: 'bias',
  loss: 'loss',
  batchGradient: 'batch gradient',
  optimizer: 'optimizer',
  momentum: 'momentum',
  beta1: 'β₁',
  beta2: 'β₂',
  lr: 'learning rate',
  scheduleType: 'schedule',
  batchSize: 'batch size',
  epochs: 'epochs',
  init: 'init',
  weightDecay: 'weight decay',
  earlyStoppingPatience: 'early stopping',
  inputScaling: 'input scaling',
  augment: 'augmentation',
  evalEvery: 'validate every'
}

const show = (v: unknown): string => (Array.isArray(v) ? describeLayers(v as number[]) : String(v))

/**
 * How the form differs from a preset (ignoring the dataset, the seed and the fields of a
 * schedule or augmentation that is off), e.g. ['epochs 5 → 40']. Empty: it is the preset.
 */
export function changesFromPreset(f: NetworkForm, preset: NetworkPreset, datasets: readonly DatasetInfo[] = []): string[] {
  const p = applyPreset(preset, f, datasets)
  const out: string[] = []
  for (const key of Object.keys(LABELS) as (keyof NetworkForm)[]) {
    const a = p[key]
    const b = f[key]
    if (show(a) !== show(b)) out.push(`${LABELS[key]} ${show(a)} → ${show(b)}`)
  }
  const sub: [ScheduleType | 'aug', (keyof NetworkForm)[]][] = [
    ['step', ['stepEvery', 'stepGamma']],
    ['exponential', ['expGamma']],
    ['cosine', ['cosineMinLr']]
  ]
  for (const [type, keys] of sub) if (f.scheduleType === type && p.scheduleType === type) for (const k of keys) if (p[k] !== f[k]) out.push(`${k} ${show(p[k])} → ${show(f[k])}`)
  if (f.augment && p.augment) for (const k of ['shift', 'rotation', 'zoom', 'noise'] as const) if (p[k] !== f[k]) out.push(`${k} ${p[k]} → ${f[k]}`)
  return out
}

/** The preset the form is exactly (up to dataset and seed), or undefined. */
export function matchingPreset(f: NetworkForm, datasets: readonly DatasetInfo[] = []): NetworkPreset | undefined {
  return networkPresets.find((p) => changesFromPreset(f, p, datasets).length === 0)
}

/** The preset the form differs least from, if by at most `maxChanges` fields (e.g. only the epochs). */
export function closestPreset(f: NetworkForm, datasets: readonly DatasetInfo[] = [], maxChanges = 3): NetworkPreset | undefined {
  let best: { p: NetworkPreset; n: number } | undefined
  for (const p of networkPresets) {
    const n = changesFromPreset(f, p, datasets).length
    if (n <= maxChanges && (!best || n < best.n)) best = { p, n }
  }
  return best?.p
}

/** Set the first and last layer sizes to the chosen dataset's pixels and classes. */
export function fitDataset(f: NetworkForm, datasets: readonly DatasetInfo[]): NetworkForm {
  const ds = f.dataset === 'mnist' ? { rows: 28, cols: 28, classes: MNIST_CLASSES } : datasets.find((d) => d.id === f.dataset)
  if (!ds) return f
  const layers = [...f.layers]
  layers[0] = ds.rows * ds.cols
  layers[layers.length - 1] = ds.classes
  // A small dataset cannot fill a large batch: take what there is.
  const n = 'count' in ds ? trainSize(ds.count) : Infinity
  return { ...f, layers, batchSize: Number.isFinite(f.batchSize) && f.batchSize > n ? Math.max(1, n) : f.batchSize }
}

/** Insert a hidden layer before the output (the size of the last hidden one, or 64). */
export function addHiddenLayer(layers: readonly number[], size?: number): number[] {
  if (layers.length >= 8) return [...layers]
  const out = [...layers]
  out.splice(out.length - 1, 0, size ?? (layers.length > 2 ? layers[layers.length - 2] : 64))
  return out
}

/** Remove the layer at index i (never the input or the output). */
export function removeLayer(layers: readonly number[], i: number): number[] {
  if (i <= 0 || i >= layers.length - 1) return [...layers]
  return layers.filter((_, k) => k !== i)
}

/** Trainable parameters: Σ nIn·nOut (+ nOut biases). */
export function parameterCount(layers: readonly number[], bias: boolean): number {
  let n = 0
  for (let l = 0; l + 1 < layers.length; l++) n += layers[l] * layers[l + 1] + (bias ? layers[l + 1] : 0)
  return n
}

export const describeLayers = (layers: readonly number[]): string => layers.join('–')

export { MNIST_CLASSES, networkPresets }
