// A trained network in the renderer: rebuilt from a run's `weights.<l>` artifacts (W row-major
// nOut×nIn, then b, with the architecture in their meta) and evaluated with the engine's own
// forward pass (Eqs. 35, 40–41). One 784×128×10 pass is ~10⁵ multiply-adds, microseconds:
// cheap enough to run on every stroke of the drawing pad. Pure: no DOM, no calls.

import { createDense } from '../../engine/nn/dense'
import { createWorkspace, forward, importWeights, type Network, type Workspace } from '../../engine/nn/network'
import type { ActivationName } from '../../engine/nn/activations'

export interface Architecture {
  layers: number[]
  hiddenActivation: ActivationName
  outputActivation: ActivationName
  leakySlope: number
  bias: boolean
  inputScaling: 'raw' | 'unit'
  loss: string
}

/** One stored weights artifact, as `runs.artifact` returns it. */
export interface WeightArtifact {
  name: string
  data: ArrayLike<number>
  meta: Record<string, unknown>
}

export interface Model {
  net: Network
  arch: Architecture
  /** Factor from pixel bytes (0..255) to the network's inputs. */
  scale: number
  ws: Workspace
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** The architecture recorded with the weights (every layer's meta carries it). */
export function architectureOf(meta: Record<string, unknown>): Architecture {
  const a = meta.architecture as Partial<Architecture> | undefined
  if (!a || !Array.isArray(a.layers) || a.layers.length < 2 || !a.layers.every(isNum))
    throw new Error('the stored weights do not describe their architecture (meta.architecture.layers missing)')
  return {
    layers: a.layers,
    hiddenActivation: a.hiddenActivation ?? 'relu',
    outputActivation: a.outputActivation ?? 'softmax',
    leakySlope: isNum(a.leakySlope) ? a.leakySlope : 0.01,
    bias: a.bias !== false,
    inputScaling: a.inputScaling === 'raw' ? 'raw' : 'unit',
    loss: typeof a.loss === 'string' ? a.loss : 'crossEntropy'
  }
}

/** Names of the weight artifacts of a run, in layer order. */
export function weightArtifactNames(names: readonly string[]): string[] {
  return names.filter((n) => /^weights\.\d+$/.test(n)).sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)))
}

/** Rebuild the network from its weight artifacts; a clear Error when they do not fit together. */
export function modelFromArtifacts(artifacts: readonly WeightArtifact[]): Model {
  if (artifacts.length === 0) throw new Error('this run stored no weights')
  const sorted = [...artifacts].sort((a, b) => Number(a.name.slice(8)) - Number(b.name.slice(8)))
  const arch = architectureOf(sorted[0].meta)
  const L = arch.layers.length - 1
  if (sorted.length !== L) throw new Error(`the run stored ${sorted.length} weight layers, its architecture ${arch.layers.join('-')} has ${L}`)
  const layers = []
  for (let l = 0; l < L; l++) {
    const act = l === L - 1 ? arch.outputActivation : arch.hiddenActivation
    layers.push(createDense(arch.layers[l], arch.layers[l + 1], act, arch.bias, arch.leakySlope))
  }
  const net: Network = {
    spec: { sizes: arch.layers, hiddenActivation: arch.hiddenActivation, outputActivation: arch.outputActivation, bias: arch.bias, leak: arch.leakySlope },
    layers
  }
  importWeights(
    net,
    sorted.map((a) => (a.data instanceof Float32Array ? a.data : Float32Array.from(a.data)))
  )
  return { net, arch, scale: arch.inputScaling === 'raw' ? 255 : 1, ws: createWorkspace(net, 1) }
}

/**
 * The network's outputs for one image given as ink in [0, 1] (pixel byte / 255). With a
 * softmax output these are class probabilities; otherwise the raw outputs y_L.
 */
export function predict(model: Model, ink: ArrayLike<number>): Float32Array {
  const n = model.arch.layers[0]
  if (ink.length !== n) throw new Error(`the image has ${ink.length} pixels, the network takes ${n}`)
  const x = new Float32Array(n)
  for (let i = 0; i < n; i++) x[i] = ink[i] * model.scale
  return forward(model.net, x, 1, model.ws).slice()
}

/** Index of the largest output (the predicted class); −1 when every output is equal (a dead network). */
export function argmax(y: ArrayLike<number>): number {
  let best = 0
  let equal = true
  for (let i = 1; i < y.length; i++) {
    if (y[i] !== y[0]) equal = false
    if (y[i] > y[best]) best = i
  }
  return equal && y.length > 1 ? -1 : best
}

/**
 * Unit j of layer 1 as an image: its nIn incoming weights (row j of W), scaled by their own
 * largest magnitude into [−1, 1] so faint and strong units are equally readable.
 */
export function unitImage(w: ArrayLike<number>, nIn: number, j: number): { image: Float32Array; maxAbs: number } {
  const image = new Float32Array(nIn)
  let maxAbs = 0
  for (let i = 0; i < nIn; i++) {
    const v = w[j * nIn + i]
    image[i] = v
    if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v)
  }
  if (maxAbs > 0) for (let i = 0; i < nIn; i++) image[i] /= maxAbs
  return { image, maxAbs }
}
