// The CNN panel's parts of the workspace (workspace.svelte.ts): the open tab, the hand-made
// filters with the image they are applied to (the cat, a digit by its index, or the user's own
// image as its grey working copy), and the training's architecture and settings with the run it
// showed last; and the training form filled from a run's params when one is opened or reattached.

import { z } from 'zod'
import type { LayerSpec } from '../../engine/cnn/cnnLayers'
import type { CnnTrainParams } from '../../shared/kinds/cnn'
import { bytesToMap, WORK_SIDE } from './cnnImage'
import { fetchDigits } from './cnnDigits'
import { cnn, CNN_TABS, DEFAULT_TRAIN_SETTINGS, editableFilter, type CnnTab, type SourceImage, type TrainSettings } from './cnnState.svelte'
import { errors } from './errors.svelte'
import { workspace } from './workspace.svelte'

/** A number field as the form holds it: any number, or null while it is empty. */
const Num = z.number().nullable()
const Text = z.string().max(10_000)

workspace.part({
  key: 'cnn.panel',
  version: 1,
  what: 'the CNN panel’s open tab',
  schema: z.object({ tab: z.enum(CNN_TABS.map((t) => t.id) as [CnnTab, ...CnnTab[]]) }),
  save: () => ({ tab: cnn.tab }),
  restore: (v) => (cnn.tab = v.tab)
})

// ── hand-made filters and their image ───────────────────────────────────────────────────

const FilterValue = z
  .object({ name: z.string().max(100), kernel: z.number().int().min(1).max(64), weights: z.array(Num) })
  .refine((f) => f.weights.length === f.kernel * f.kernel, 'a filter needs kernel² weights')

const ImageValue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cat') }),
  z.object({ kind: z.literal('digit'), index: z.number().int().min(0) }),
  z.object({
    kind: z.literal('file'),
    name: z.string().max(1000),
    originalW: z.number().int().positive(),
    originalH: z.number().int().positive(),
    w: z.number().int().min(1).max(WORK_SIDE),
    h: z.number().int().min(1).max(WORK_SIDE),
    /** The grey working copy, one byte per pixel, base64. */
    grey: z.string().max(Math.ceil((WORK_SIDE * WORK_SIDE * 4) / 3) + 4)
  })
])
type ImageValue = z.infer<typeof ImageValue>

function imageValue(img: SourceImage | null): ImageValue {
  if (!img || img.kind === 'cat') return { kind: 'cat' }
  if (img.kind === 'digit') return { kind: 'digit', index: img.digit?.index ?? 0 }
  const bytes = Uint8Array.from(img.map.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))
  return { kind: 'file', name: img.name, originalW: img.originalW, originalH: img.originalH, w: img.map.w, h: img.map.h, grey: toBase64(bytes) }
}

function restoreImage(v: ImageValue): void {
  if (v.kind === 'cat') return // the tab loads the cat when it has no image
  if (v.kind === 'file') {
    const bytes = fromBase64(v.grey)
    if (bytes.length !== v.w * v.h) throw new Error('the saved image is not whole')
    cnn.filterImage = { kind: 'file', name: v.name, originalW: v.originalW, originalH: v.originalH, map: bytesToMap(bytes, v.w, v.h), fit: 'crop' }
    return
  }
  const index = v.index
  fetchDigits([index])
    .then(([d]) => {
      // Only if the user has not chosen another image meanwhile.
      if (cnn.filterImage === null || cnn.filterImage.kind === 'cat')
        cnn.filterImage = { kind: 'digit', name: `MNIST digit #${index}`, originalW: 28, originalH: 28, map: bytesToMap(d.pixels, 28, 28), fit: 'pad', digit: { index, label: d.label } }
    })
    .catch((e: unknown) => errors.report(e, `Load MNIST digit #${index} for the filters`))
}

workspace.part({
  key: 'cnn.filters',
  version: 1,
  what: 'the hand-made filters and their image',
  schema: z.object({ filters: z.array(FilterValue).max(64), image: ImageValue }),
  save: () => ({ filters: cnn.filters.map((f) => ({ name: f.name, kernel: f.kernel, weights: f.weights })), image: imageValue(cnn.filterImage) }),
  restore: (v) => {
    cnn.filters = v.filters.map((f) => editableFilter(f.name, f.kernel, f.weights.map((w) => w ?? Number.NaN)))
    restoreImage(v.image)
  }
})

// ── training ────────────────────────────────────────────────────────────────────────────

/** A layer as the builder holds it while it is edited: its type, and plain values the builder checks. */
const LayerValue = z
  .object({ type: z.enum(['conv', 'pool', 'activation', 'flatten', 'dense']) })
  .catchall(z.union([z.number(), z.string().max(100), z.boolean(), z.null(), z.array(z.union([z.number(), z.string().max(100), z.null()])).max(2)]))

const SettingsValue = z.object({
  optimizer: z.enum(['sgd', 'momentum', 'adam']),
  lr: Num,
  batchSize: Num,
  epochs: Num,
  trainSize: Num,
  evalEvery: Num,
  earlyStoppingPatience: Num,
  shift: Num,
  rotation: Num,
  zoom: Num,
  noise: Num,
  resumeFrom: z.number().int().positive().nullable(),
  seedText: Text,
  name: Text
})
// The settings saved whole; the compiler holds the two shapes together.
const savedSettings = (s: TrainSettings): z.infer<typeof SettingsValue> => s

workspace.part({
  key: 'cnn.train',
  version: 1,
  what: 'the CNN architecture and training settings',
  schema: z.object({ architecture: z.array(LayerValue).max(24), settings: SettingsValue, lastRun: z.number().int().positive().nullable() }),
  save: () => ({ architecture: cnn.architecture as unknown as z.infer<typeof LayerValue>[], settings: savedSettings(cnn.settings), lastRun: cnn.training.runId }),
  restore: (v) => {
    cnn.architecture = v.architecture as unknown as LayerSpec[]
    cnn.settings = { ...DEFAULT_TRAIN_SETTINGS, ...v.settings } as TrainSettings
    cnn.training.remember(v.lastRun)
  }
})

/** The training settings of a run's params over `base` (what the params do not hold: the seed field). */
export function trainSettingsFrom(p: CnnTrainParams, base: TrainSettings, resumeFrom: number | null): TrainSettings {
  const a = p.augmentation
  return {
    ...base,
    optimizer: p.optimizer,
    lr: p.lr,
    batchSize: p.batchSize,
    epochs: p.epochs,
    trainSize: p.trainSize,
    evalEvery: p.evalEvery,
    earlyStoppingPatience: p.earlyStoppingPatience,
    shift: a?.shift ?? 0,
    rotation: a?.rotation ?? 0,
    zoom: a?.zoom ?? 0,
    noise: a?.noise ?? 0,
    resumeFrom
  }
}

/** The training form as the run's params were (the seed and name stay the user's). */
function trainFormFrom(p: CnnTrainParams): void {
  cnn.architecture = structuredClone(p.architecture) as LayerSpec[]
  cnn.settings = trainSettingsFrom(p, cnn.settings, p.resumeFrom?.runId ?? null)
}

cnn.training.onTake((_d, p, how) => {
  if (p && how !== 'reopen') trainFormFrom(p)
})

// ── base64 (the page's own btoa/atob work on byte strings) ──────────────────────────────

function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text)
  return Uint8Array.from(s, (c) => c.charCodeAt(0))
}
