// The architecture builder's model: a list of layer specs the user edits, checked live.
// Geometry comes from the engine's inferShapes (the formula out = (in + 2p − k)/s + 1 with its
// numbers, and the nearest valid choices); field ranges and the "last layer is dense 10" rule
// from the job kind's own zod schema — the same checks the service applies on start, so what
// the builder accepts the service accepts.

import { inferShapes, describeShape, type FeatureShape, type LayerSpec } from '../../engine/cnn/cnnLayers'
import type { GeometrySuggestion, Padding } from '../../engine/cnn/geometry'
import { cnnTrain, cnnTrainParams, LENET_ARCHITECTURE } from '../../shared/kinds/cnn'
import type { KindInput } from '../../shared/kinds'
import { issueText } from './formIssues'

type ArchitectureInput = NonNullable<KindInput<typeof cnnTrain.kind>['architecture']>

const isPair = <T>(p: T | readonly [T, T]): p is readonly [T, T] => Array.isArray(p)
/** A pair as the params carry it: a plain array (the engine's specs hold read-only ones). */
const pairParam = <T>(p: T | readonly [T, T]): T | [T, T] => (isPair(p) ? [p[0], p[1]] : p)
/** The optional stride and padding of a window, as params. */
const windowParams = <P>(stride: number | readonly [number, number] | undefined, padding: P | readonly [P, P] | undefined) => ({
  ...(stride !== undefined ? { stride: pairParam(stride) } : {}),
  ...(padding !== undefined ? { padding: pairParam(padding) } : {})
})

/** The builder's layers as the CNN training's params take them. */
export function architectureParams(layers: readonly LayerSpec[]): ArchitectureInput {
  return layers.map((l) => {
    switch (l.type) {
      case 'conv': {
        const { kernel, stride, padding, ...rest } = l
        return { ...rest, kernel: pairParam(kernel), ...windowParams(stride, padding) }
      }
      case 'pool': {
        const { size, stride, padding, ...rest } = l
        return { ...rest, size: pairParam(size), ...windowParams(stride, padding) }
      }
      default:
        return l
    }
  })
}

/** The bundled digits: one grey channel of 28×28. */
export const MNIST_INPUT: FeatureShape = { c: 1, h: 28, w: 28, flat: false }

export type LayerType = LayerSpec['type']
export const LAYER_TYPES: readonly LayerType[] = ['conv', 'pool', 'activation', 'flatten', 'dense']

export function lenetPreset(): LayerSpec[] {
  return structuredClone(LENET_ARCHITECTURE)
}

/** A sensible new layer of each type (what "add layer" inserts). */
export function defaultLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'conv':
      return { type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 1 }
    case 'pool':
      return { type: 'pool', mode: 'max', size: 2 }
    case 'activation':
      return { type: 'activation', fn: 'relu' }
    case 'flatten':
      return { type: 'flatten' }
    case 'dense':
      return { type: 'dense', units: 10 }
  }
}

export interface RowCheck {
  /** Output shape of this layer; null when it or an earlier layer is invalid. */
  shape: FeatureShape | null
  /** The geometry or range problems of this layer. */
  errors: string[]
  suggestions: GeometrySuggestion[]
}

export interface ArchitectureCheck {
  ok: boolean
  rows: RowCheck[]
  /** Problems not tied to one layer (e.g. no layers). */
  general: string[]
  parameterCount: number | null
  output: FeatureShape | null
}

const GEOMETRY_FIELDS = ['kernel', 'size', 'stride', 'padding']
/** A layer's fields as the builder labels them. */
const LAYER_FIELD_LABELS: Record<string, string> = { filters: 'Filters', kernel: 'Kernel', stride: 'Stride', padding: 'Padding', size: 'Window', leak: 'Slope', units: 'Units', fn: 'Activation', mode: 'Pooling mode' }

/** Live check of an architecture on `input`. Never throws. */
export function checkArchitecture(specs: readonly LayerSpec[], input: FeatureShape = MNIST_INPUT): ArchitectureCheck {
  const rows: RowCheck[] = specs.map(() => ({ shape: null, errors: [], suggestions: [] }))
  const general: string[] = []
  let parameterCount: number | null = null
  let output: FeatureShape | null = null
  const shapes = inferShapes(specs, input)
  if (shapes.ok) {
    shapes.shapes.slice(1).forEach((s, i) => (rows[i].shape = s))
    parameterCount = shapes.parameterCount
    output = shapes.shapes[shapes.shapes.length - 1]
  } else {
    const good = inferShapes(specs.slice(0, shapes.layer), input)
    if (good.ok) good.shapes.slice(1).forEach((s, i) => (rows[i].shape = s))
    rows[shapes.layer].errors.push(shapes.message)
    rows[shapes.layer].suggestions = shapes.suggestions
  }
  // The schema's refinement reads the last layer, so an empty list is answered here (the
  // shared schema throws a TypeError on it — reported to the lead).
  const parsed = specs.length > 0 ? cnnTrainParams.safeParse({ architecture: specs }) : null
  if (parsed && !parsed.success) {
    for (const issue of parsed.error.issues) {
      const [root, index, ...rest] = issue.path
      if (root !== 'architecture') continue
      const field = String(rest[0] ?? '')
      const value = typeof index === 'number' && field ? (specs[index] as unknown as Record<string, unknown> | undefined)?.[field] : undefined
      const text = field ? issueText(issue, LAYER_FIELD_LABELS[field] ?? field, Array.isArray(value) ? value[Number(rest[1])] : value) : issue.message
      if (typeof index === 'number' && rows[index]) {
        // A window field out of range (stride 0, …) is already said by the geometry message.
        const geometryField = typeof rest[0] === 'string' && GEOMETRY_FIELDS.includes(rest[0])
        if (!(geometryField && rows[index].errors.length > 0)) rows[index].errors.push(text)
      } else general.push(text)
    }
  }
  if (specs.length === 0 && general.length === 0) general.push('give at least one layer')
  const ok = general.length === 0 && rows.every((r) => r.errors.length === 0)
  return { ok, rows, general, parameterCount, output }
}

/** The layer with a suggested geometry applied (square windows, as the builder edits them). */
export function applySuggestion(spec: LayerSpec, s: GeometrySuggestion): LayerSpec {
  if (spec.type === 'conv') return { ...spec, kernel: s.kernel, stride: s.stride, padding: s.padding }
  if (spec.type === 'pool') return { ...spec, size: s.kernel, stride: s.stride, padding: s.padding }
  return spec
}

/** "same", "valid" or a whole number ≥ 0, as typed in the padding field; null when it is none of them. */
export function parsePadding(text: string): Padding | null {
  const t = text.trim().toLowerCase()
  if (t === 'same' || t === 'valid') return t
  if (/^\d+$/.test(t)) return Number(t)
  return null
}

export function paddingText(p: unknown): string {
  if (p === undefined) return '0'
  if (Array.isArray(p)) return p.map(String).join(',')
  return String(p)
}

/** One short line per layer, for lists and tooltips: "conv 8 × 5×5 pad 2". */
export function describeLayer(spec: LayerSpec): string {
  const sq = (v: number | readonly [number, number]): string => (typeof v === 'number' ? `${v}×${v}` : `${v[0]}×${v[1]}`)
  const stride = (v: unknown, dflt: string): string => (v === undefined ? dflt : ` stride ${Array.isArray(v) ? v.join(',') : String(v)}`)
  switch (spec.type) {
    case 'conv':
      return `conv ${spec.filters} × ${sq(spec.kernel)}${stride(spec.stride, '')}${spec.padding !== undefined && spec.padding !== 0 && spec.padding !== 'valid' ? ` pad ${paddingText(spec.padding)}` : ''}`
    case 'pool':
      return `${spec.mode}-pool ${sq(spec.size)}${stride(spec.stride, '')}`
    case 'activation':
      return spec.fn === 'leakyRelu' ? `leaky ReLU (${spec.leak ?? 0.01})` : spec.fn === 'relu' ? 'ReLU' : spec.fn
    case 'flatten':
      return 'flatten'
    case 'dense':
      return `dense ${spec.units}`
  }
}

export { describeShape }
