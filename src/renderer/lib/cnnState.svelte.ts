// What the CNN panel remembers while the user moves between its tabs and the other panels:
// the open tab, the hand-made filters, the architecture being built, the training run, and
// the network and digit under inspection (shared by Inspect and Compare). Module level, like
// the Ising session, so leaving the panel loses nothing.

import type { LayerSpec } from '../../engine/cnn/cnnLayers'
import { HAND_FILTERS, type HandFilter, type Map2d } from '../../engine/cnn/handFilters'
import type { FitMode } from './cnnImage'
import type { TypedArray } from '../../shared/types'
import { JobSession } from './jobSession.svelte'
import { RowSink } from './rowSink.svelte'
import { FrameSink } from './frameSink.svelte'
import type { FrameMeta } from './jobRows'
import { lenetPreset } from './cnnArchitecture'
import { loadTrainedModel, type TrainedModel } from './cnnRunModel'
import { errors } from './errors.svelte'
import { LabError } from '../../shared/errors'
import { cnnTrain } from '../../shared/kinds/cnn'
import type { FieldLabels } from './formIssues'

export type CnnTab = 'worked' | 'filters' | 'train' | 'inspect' | 'compare'

export const CNN_TABS: { id: CnnTab; title: string }[] = [
  { id: 'worked', title: 'Worked example' },
  { id: 'filters', title: 'Filters' },
  { id: 'train', title: 'Train' },
  { id: 'inspect', title: 'Inspect' },
  { id: 'compare', title: 'Compare' }
]

/** A filter as the user edits it: plain numbers, any square size. */
export interface EditableFilter {
  id: number
  name: string
  kernel: number
  weights: number[]
}

let nextFilterId = 1
export function editable(f: HandFilter, name = f.name): EditableFilter {
  return { id: nextFilterId++, name, kernel: f.kernel, weights: Array.from(f.weights) }
}

/** The paper's three (Fig. 12): vertical, horizontal, X-shaped. */
export function paperFilters(): EditableFilter[] {
  return HAND_FILTERS.map((f) => editable(f))
}

/** The engine's HandFilter of an edited filter (non-finite entries count as 0). */
export function toHandFilter(f: EditableFilter): HandFilter {
  return { name: f.name, kernel: f.kernel, weights: Float32Array.from(f.weights, (v) => (Number.isFinite(v) ? v : 0)) }
}

/** The first conv layer's filters as a training sends them (meta.kind 'filters': count × channels × rows × cols floats). */
const isFilters = (_data: TypedArray, meta: FrameMeta): boolean => meta.kind === 'filters'

function trainingSinks() {
  return {
    rows: new RowSink(),
    // Kept after the run: the filters it ended with stay on show.
    filters: new FrameSink({ accept: isFilters, shape: (_d, m) => ({ width: Number(m.cols) || 0, height: Number(m.rows) || 0 }), max: 1, keepAfterEnd: true, immediate: true })
  }
}

/** The digit shown in Inspect and Compare: a test digit (its position in the test split) or a drawn one. */
export type DigitChoice = { kind: 'test'; position: number; index: number; label: number; pixels: Uint8Array } | { kind: 'drawn'; input: Float32Array }

/** The image the hand-made filters are applied to (Filters tab). */
export interface SourceImage {
  kind: 'cat' | 'digit' | 'file'
  name: string
  originalW: number
  originalH: number
  /** Grey working map in [0, 1]. */
  map: Map2d
  /** How it is fitted to the pooling layers: photographs cropped, digits padded. */
  fit: FitMode
  /** For a digit: its index in the bundled set and its label. */
  digit?: { index: number; label: number }
}

export interface TrainSettings {
  optimizer: 'sgd' | 'momentum' | 'adam'
  lr: number
  batchSize: number
  epochs: number
  trainSize: number
  evalEvery: number
  /** Epochs without a lower validation loss before stopping with the best weights; 0 = never. */
  earlyStoppingPatience: number
  /** Augmentation of the training digits (all 0: none). */
  shift: number
  rotation: number
  zoom: number
  noise: number
  /** The run whose stored weights training starts from (its architecture is kept), or null. */
  resumeFrom: number | null
  seedText: string
  name: string
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  optimizer: 'adam',
  lr: 0.001,
  batchSize: 64,
  epochs: 3,
  trainSize: 0,
  evalEvery: 25,
  earlyStoppingPatience: 0,
  shift: 0,
  rotation: 0,
  zoom: 0,
  noise: 0,
  resumeFrom: null,
  seedText: '',
  name: ''
}

/** The training settings' labels by params path (messages name fields by these). */
export const TRAIN_LABELS: FieldLabels = {
  lr: 'Learning rate',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  trainSize: 'Training digits',
  evalEvery: 'Evaluate every (batches)',
  earlyStoppingPatience: 'Early stopping (epochs)',
  'augmentation.shift': 'Shift (px)',
  'augmentation.rotation': 'Rotation (°)',
  'augmentation.zoom': 'Zoom (±)',
  'augmentation.noise': 'Noise (σ)',
  optimizer: 'Optimiser'
}

class CnnState {
  tab = $state<CnnTab>('worked')
  filters = $state<EditableFilter[]>(paperFilters())
  filterImage = $state.raw<SourceImage | null>(null)
  /** The cat, once decoded (switching sources back to it costs nothing). */
  catImage = $state.raw<SourceImage | null>(null)

  architecture = $state<LayerSpec[]>(lenetPreset())
  settings = $state<TrainSettings>({ ...DEFAULT_TRAIN_SETTINGS })
  readonly training = new JobSession(cnnTrain.kind, trainingSinks(), { labels: TRAIN_LABELS })

  /** Inspect / Compare. */
  inspectRunId = $state<number | null>(null)
  model = $state.raw<TrainedModel | null>(null)
  /** The run whose network is being loaded, and why the last one could not be. */
  loadingRunId = $state<number | null>(null)
  modelProblem = $state<string | null>(null)
  digit = $state.raw<DigitChoice | null>(null)

  private started = false

  /** Load the chosen run's network unless it is loaded (or loading) already. */
  async ensureModel(): Promise<void> {
    const id = this.inspectRunId
    if (id === null || this.model?.runId === id || this.loadingRunId === id) return
    this.loadingRunId = id
    this.modelProblem = null
    try {
      const m = await loadTrainedModel(id)
      if (this.inspectRunId === id) this.model = m
    } catch (e) {
      if (this.inspectRunId !== id) return
      this.model = null
      // A run that cannot be inspected is explained in the tab; a failed call also goes to the banner.
      this.modelProblem = e instanceof Error ? e.message : String(e)
      if (e instanceof LabError) errors.report(e, `Open run #${id}`)
    } finally {
      if (this.loadingRunId === id) this.loadingRunId = null
    }
  }

  init(): void {
    if (this.started) return
    this.started = true
    this.training.init()
  }
}

export const cnn = new CnnState()

/** Open the Inspect tab on a stored run (from the Runs panel's view of a cnn.train run). */
export function openInspect(runId: number): void {
  cnn.inspectRunId = runId
  cnn.tab = 'inspect'
  location.hash = '#cnn'
}
