// A convolutional network as a list of layer specs (Sec. VI): convolution and pooling layers
// extract features, the result is flattened and fed to a fully connected network. Shapes are
// inferred through geometry.ts, so an architecture whose windows do not tile their input is
// refused at build time, naming the layer. Forward/backward run over NCHW batches; the dense
// layers, activations, losses, initialisers and optimisers are those of src/engine/nn.

import type { Rng } from '../rng'
import { ACTIVATION, softmaxRow } from '../nn/activations'
import { affineForward, createDense, inputGradient, parameterGradients, type DenseLayer } from '../nn/dense'
import { initWeights, type InitName } from '../nn/init'
import { crossEntropyLoss, softmaxCrossEntropyGradient } from '../nn/loss'
import { countCorrect } from '../nn/metrics'
import { conv2dBackward, conv2dForward, convShape, convWorkspace, convWorkspaceSize, type ConvShape, type ConvWorkspace } from './conv2d'
import { gemmHeapBytes } from '../tensor/gemmWasm'
import { F32, I32 } from '../memory'
import { checkGeometry2d, GeometryError, type GeometrySuggestion, type Padding } from './geometry'
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward, poolShape, type PoolMode, type PoolShape } from './pool'

type Pair<T> = T | readonly [T, T]

export interface ConvLayerSpec {
  type: 'conv'
  /** Output channels (number of filters). */
  filters: number
  kernel: Pair<number>
  stride?: Pair<number>
  padding?: Pair<Padding>
  bias?: boolean
}
export interface PoolLayerSpec {
  type: 'pool'
  mode: PoolMode
  size: Pair<number>
  /** Defaults to the window size. */
  stride?: Pair<number>
  padding?: Pair<Padding>
}
export interface ActivationLayerSpec {
  type: 'activation'
  fn: 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh'
  /** Slope below 0 for leaky ReLU (the paper suggests leaky ReLU after convolutions). */
  leak?: number
}
export interface FlattenLayerSpec {
  type: 'flatten'
}
export interface DenseLayerSpec {
  type: 'dense'
  units: number
  bias?: boolean
}
export type LayerSpec = ConvLayerSpec | PoolLayerSpec | ActivationLayerSpec | FlattenLayerSpec | DenseLayerSpec

/** The shape of one sample between layers: channels × height × width, or a flat vector (h = w = 1). */
export interface FeatureShape {
  c: number
  h: number
  w: number
  flat: boolean
}

export const featureSize = (s: FeatureShape): number => s.c * s.h * s.w
const flatShape = (n: number): FeatureShape => ({ c: n, h: 1, w: 1, flat: true })

export function describeShape(s: FeatureShape): string {
  return s.flat ? `${s.c}` : `${s.c}×${s.h}×${s.w}`
}

export type ShapeCheck =
  | { ok: true; shapes: FeatureShape[]; parameterCount: number }
  | { ok: false; layer: number; message: string; suggestions: GeometrySuggestion[] }

function layerName(i: number, spec: LayerSpec): string {
  return `layer ${i + 1} (${spec.type})`
}

const isPosInt = (v: number): boolean => Number.isInteger(v) && v >= 1

/**
 * Shape inference, non-throwing (for live checks as the user edits the architecture):
 * shapes[0] is the input, shapes[i + 1] the output of layer i. A dense layer on a map
 * flattens it first (C·H·W inputs, NCHW order).
 */
export function inferShapes(specs: readonly LayerSpec[], input: FeatureShape): ShapeCheck {
  const shapes: FeatureShape[] = [input]
  let params = 0
  let cur = input
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]
    const fail = (message: string, suggestions: GeometrySuggestion[] = []): ShapeCheck => ({ ok: false, layer: i, message: `${layerName(i, spec)}: ${message}`, suggestions })
    switch (spec.type) {
      case 'conv':
      case 'pool': {
        if (cur.flat) return fail(`needs a channels×height×width map, but gets a flat vector of ${cur.c} (after a flatten or dense layer)`)
        if (spec.type === 'conv' && !isPosInt(spec.filters)) return fail(`the number of filters must be a whole number ≥ 1 (got ${spec.filters})`)
        const g = spec.type === 'conv'
          ? checkGeometry2d('conv', cur.h, cur.w, { kernel: spec.kernel, stride: spec.stride, padding: spec.padding })
          : checkGeometry2d('pool', cur.h, cur.w, { kernel: spec.size, stride: spec.stride, padding: spec.padding })
        if (!g.ok) return fail(`on ${describeShape(cur)}, ${g.message}`, g.suggestions)
        if (spec.type === 'conv') {
          const k = g.geometry.h.kernel * g.geometry.w.kernel
          params += spec.filters * cur.c * k + (spec.bias === false ? 0 : spec.filters)
          cur = { c: spec.filters, h: g.outH, w: g.outW, flat: false }
        } else cur = { c: cur.c, h: g.outH, w: g.outW, flat: false }
        break
      }
      case 'activation':
        if (!['relu', 'leakyRelu', 'sigmoid', 'tanh'].includes(spec.fn)) return fail(`unknown activation ${String(spec.fn)}`)
        break
      case 'flatten':
        cur = flatShape(featureSize(cur))
        break
      case 'dense':
        if (!isPosInt(spec.units)) return fail(`units must be a whole number ≥ 1 (got ${spec.units})`)
        params += featureSize(cur) * spec.units + (spec.bias === false ? 0 : spec.units)
        cur = flatShape(spec.units)
        break
      default:
        return fail(`unknown layer type ${String((spec as { type: unknown }).type)}`)
    }
    shapes.push(cur)
  }
  return { ok: true, shapes, parameterCount: params }
}

/** One layer at run time. Buffers are sized for `maxBatch` samples and reused. */
export interface CnnLayer {
  readonly spec: LayerSpec
  readonly inShape: FeatureShape
  readonly outShape: FeatureShape
  /** Trainable arrays (weights, then bias) and their gradients, same order. */
  readonly params: Float32Array[]
  readonly grads: Float32Array[]
  readonly isWeight: boolean[]
  /** y = layer(x) for n samples; returns the layer's own output buffer. */
  forward(x: Float32Array, n: number, training: boolean): Float32Array
  /**
   * From dL/dy (and the x given to the last forward): fills grads, and returns dL/dx in the
   * layer's own buffer, or null when `needInput` is false (the first layer).
   */
  backward(x: Float32Array, dy: Float32Array, n: number, needInput: boolean): Float32Array | null
}

function convLayer(spec: ConvLayerSpec, inS: FeatureShape, maxBatch: number, init: InitName, rng: Rng): CnnLayer {
  const base = convShape(maxBatch, inS.c, inS.h, inS.w, spec.filters, spec)
  const outShape: FeatureShape = { c: spec.filters, h: base.hOut, w: base.wOut, flat: false }
  const W = new Float32Array(spec.filters * inS.c * base.kH * base.kW)
  const fanIn = inS.c * base.kH * base.kW
  initWeights(W, fanIn, spec.filters * base.kH * base.kW, init, rng)
  const b = spec.bias === false ? null : new Float32Array(spec.filters)
  const dW = new Float32Array(W.length)
  const dB = b ? new Float32Array(b.length) : null
  const y = new Float32Array(maxBatch * featureSize(outShape))
  const dx = new Float32Array(maxBatch * featureSize(inS))
  const ws: ConvWorkspace = convWorkspace(base, true)
  const shapeFor = (n: number): ConvShape => (n === base.n ? base : { ...base, n })
  return {
    spec, inShape: inS, outShape,
    params: b ? [W, b] : [W],
    grads: dB ? [dW, dB] : [dW],
    isWeight: b ? [true, false] : [true],
    forward(x, n, training) {
      conv2dForward(shapeFor(n), x, W, b, y, ws, training)
      return y
    },
    backward(x, dy, n, needInput) {
      conv2dBackward(shapeFor(n), x, W, dy, needInput ? dx : null, dW, dB, false, ws)
      return needInput ? dx : null
    }
  }
}

function poolLayer(spec: PoolLayerSpec, inS: FeatureShape, maxBatch: number): CnnLayer {
  const base = poolShape(maxBatch, inS.c, inS.h, inS.w, spec)
  const outShape: FeatureShape = { c: inS.c, h: base.hOut, w: base.wOut, flat: false }
  const y = new Float32Array(maxBatch * featureSize(outShape))
  const argmax = new Int32Array(y.length)
  const dx = new Float32Array(maxBatch * featureSize(inS))
  const shapeFor = (n: number): PoolShape => (n === base.n ? base : { ...base, n })
  return {
    spec, inShape: inS, outShape, params: [], grads: [], isWeight: [],
    forward(x, n) {
      if (spec.mode === 'max') maxPoolForward(shapeFor(n), x, y, argmax)
      else avgPoolForward(shapeFor(n), x, y)
      return y
    },
    backward(_x, dy, n, needInput) {
      if (!needInput) return null
      if (spec.mode === 'max') maxPoolBackward(shapeFor(n), dy, argmax, dx)
      else avgPoolBackward(shapeFor(n), dy, dx)
      return dx
    }
  }
}

function activationLayer(spec: ActivationLayerSpec, inS: FeatureShape, maxBatch: number): CnnLayer {
  const width = featureSize(inS)
  const y = new Float32Array(maxBatch * width)
  const dx = new Float32Array(maxBatch * width)
  const leak = spec.leak ?? 0.01
  const fn = ACTIVATION[spec.fn]
  return {
    spec, inShape: inS, outShape: inS, params: [], grads: [], isWeight: [],
    forward(x, n) {
      fn.forward(x, y, n, width, leak)
      return y
    },
    backward(x, dy, n, needInput) {
      if (!needInput) return null
      fn.backward(x, y, dy, dx, n, width, leak)
      return dx
    }
  }
}

/** Flatten: NCHW per sample is already C·H·W contiguous values, so it only renames the shape. */
function flattenLayer(spec: FlattenLayerSpec, inS: FeatureShape): CnnLayer {
  return {
    spec, inShape: inS, outShape: flatShape(featureSize(inS)), params: [], grads: [], isWeight: [],
    forward: (x) => x,
    backward: (_x, dy, _n, needInput) => (needInput ? dy : null)
  }
}

/** Dense: nn/dense.ts with a linear activation (activations are layers of their own here). */
function denseLayer(spec: DenseLayerSpec, inS: FeatureShape, maxBatch: number, init: InitName, rng: Rng): CnnLayer {
  const nIn = featureSize(inS)
  const layer: DenseLayer = createDense(nIn, spec.units, 'linear', spec.bias !== false)
  initWeights(layer.W, nIn, spec.units, init, rng)
  const dW = new Float32Array(layer.W.length)
  const dB = layer.b ? new Float32Array(layer.b.length) : null
  const g = { dW, db: dB }
  const z = new Float32Array(maxBatch * spec.units)
  const dx = new Float32Array(maxBatch * nIn)
  return {
    spec, inShape: inS, outShape: flatShape(spec.units),
    params: layer.b ? [layer.W, layer.b] : [layer.W],
    grads: dB ? [dW, dB] : [dW],
    isWeight: layer.b ? [true, false] : [true],
    forward(x, n) {
      affineForward(layer, x, z, n)
      return z
    },
    backward(x, dy, n, needInput) {
      parameterGradients(layer, dy, x, g, n)
      if (!needInput) return null
      inputGradient(layer, dy, dx, n)
      return dx
    }
  }
}

export interface CnnNetwork {
  readonly specs: readonly LayerSpec[]
  readonly input: FeatureShape
  /** shapes[0] = input, shapes[i + 1] = output of layer i. */
  readonly shapes: FeatureShape[]
  readonly layers: CnnLayer[]
  readonly maxBatch: number
  /** Size of the output vector (classes for a classifier). */
  readonly outputs: number
  /** Inputs of each layer from the last forward pass (layer i reads inputs[i]). */
  readonly inputs: Float32Array[]
}

export interface BuildOptions {
  maxBatch: number
  rng: Rng
  /** Weight initialisation of conv and dense layers (fan-in = C·kH·kW for a convolution). Default 'he'. */
  init?: InitName
}

/** Builds the network, or throws GeometryError / Error naming the first bad layer. */
export function buildCnn(specs: readonly LayerSpec[], input: FeatureShape, opts: BuildOptions): CnnNetwork {
  const check = inferShapes(specs, input)
  if (!check.ok) throw new GeometryError(check.message, check.suggestions)
  if (!isPosInt(opts.maxBatch)) throw new Error(`maxBatch must be a whole number ≥ 1 (got ${opts.maxBatch})`)
  const init = opts.init ?? 'he'
  const layers: CnnLayer[] = specs.map((spec, i) => {
    const inS = check.shapes[i]
    switch (spec.type) {
      case 'conv':
        return convLayer(spec, inS, opts.maxBatch, init, opts.rng)
      case 'pool':
        return poolLayer(spec, inS, opts.maxBatch)
      case 'activation':
        return activationLayer(spec, inS, opts.maxBatch)
      case 'flatten':
        return flattenLayer(spec, inS)
      case 'dense':
        return denseLayer(spec, inS, opts.maxBatch, init, opts.rng)
    }
  })
  const outputs = featureSize(check.shapes[check.shapes.length - 1])
  return { specs, input, shapes: check.shapes, layers, maxBatch: opts.maxBatch, outputs, inputs: new Array<Float32Array>(layers.length) }
}

/** Forward pass of n samples (NCHW, n ≤ maxBatch); returns the last layer's output (n × outputs). */
export function cnnForward(net: CnnNetwork, x: Float32Array, n: number, training = false): Float32Array {
  if (n > net.maxBatch) throw new Error(`batch of ${n} exceeds the network's maxBatch ${net.maxBatch}`)
  let cur = x
  for (let i = 0; i < net.layers.length; i++) {
    net.inputs[i] = cur
    cur = net.layers[i].forward(cur, n, training)
  }
  return cur
}

/** Backpropagation after cnnForward(…, training = true): every layer's grads from dL/d(output). */
export function cnnBackward(net: CnnNetwork, dOut: Float32Array, n: number): void {
  let d: Float32Array | null = dOut
  for (let i = net.layers.length - 1; i >= 0 && d; i--) d = net.layers[i].backward(net.inputs[i], d, n, i > 0)
}

/** The trainable arrays in layer order, their gradients, and which are weights (for weight decay). */
export function cnnParameters(net: CnnNetwork): { params: Float32Array[]; grads: Float32Array[]; isWeight: boolean[] } {
  return {
    params: net.layers.flatMap((l) => l.params),
    grads: net.layers.flatMap((l) => l.grads),
    isWeight: net.layers.flatMap((l) => l.isWeight)
  }
}

/** Buffers for the softmax cross-entropy head. */
export interface ClassifierHead {
  probs: Float32Array
  targets: Float32Array
  dLogits: Float32Array
}

export function classifierHead(net: CnnNetwork): ClassifierHead {
  const len = net.maxBatch * net.outputs
  return { probs: new Float32Array(len), targets: new Float32Array(len), dLogits: new Float32Array(len) }
}

/**
 * Softmax + cross-entropy of logits against integer labels: mean loss over the n samples, the
 * number classified right, and (in head.dLogits) ∂L/∂logits = (p − t)/n.
 */
export function softmaxCrossEntropy(logits: Float32Array, labels: ArrayLike<number>, n: number, classes: number, head: ClassifierHead): { loss: number; correct: number } {
  head.targets.fill(0, 0, n * classes)
  for (let r = 0; r < n; r++) {
    softmaxRow(logits, head.probs, r * classes, classes)
    head.targets[r * classes + labels[r]] = 1
  }
  const loss = crossEntropyLoss(head.probs, head.targets, n, classes)
  softmaxCrossEntropyGradient(head.probs, head.targets, head.dLogits, n, classes, 'mean')
  return { loss, correct: countCorrect(logits, labels, n, classes) }
}

/** All weights in layer order, each layer's arrays concatenated (W then b), with the layout. */
export function exportCnnWeights(net: CnnNetwork): { layer: number; spec: LayerSpec; data: Float32Array; shapes: number[][] }[] {
  const out: { layer: number; spec: LayerSpec; data: Float32Array; shapes: number[][] }[] = []
  net.layers.forEach((l, i) => {
    if (l.params.length === 0) return
    const total = l.params.reduce((s, p) => s + p.length, 0)
    const data = new Float32Array(total)
    let off = 0
    for (const p of l.params) {
      data.set(p, off)
      off += p.length
    }
    const inS = l.inShape
    let wShape: number[]
    if (l.spec.type === 'conv') {
      const [kh, kw] = typeof l.spec.kernel === 'number' ? [l.spec.kernel, l.spec.kernel] : l.spec.kernel
      wShape = [l.outShape.c, inS.c, kh, kw]
    } else wShape = [l.outShape.c, featureSize(inS)]
    const shapes = l.params[1] ? [wShape, [l.outShape.c]] : [wShape]
    out.push({ layer: i + 1, spec: l.spec, data, shapes })
  })
  return out
}

/** Loads weights in the exportCnnWeights layout (same architecture); a clear error otherwise. */
export function importCnnWeights(net: CnnNetwork, weights: readonly { layer: number; data: Float32Array }[]): void {
  const trainable = net.layers.map((l, i) => ({ l, i })).filter(({ l }) => l.params.length > 0)
  if (weights.length !== trainable.length) throw new Error(`stored weights have ${weights.length} trainable layers, the network has ${trainable.length}`)
  trainable.forEach(({ l, i }, k) => {
    const w = weights[k]
    const need = l.params.reduce((s, p) => s + p.length, 0)
    if (w.layer !== i + 1 || w.data.length !== need) throw new Error(`stored weights of layer ${w.layer} have ${w.data.length} values; layer ${i + 1} (${l.spec.type}) needs ${need}`)
    let off = 0
    for (const p of l.params) {
      p.set(w.data.subarray(off, off + p.length))
      off += p.length
    }
  })
}

/** What one layer of a network built for `maxBatch` samples holds (Float32 unless said). */
export interface LayerBytes {
  /** Trainable numbers (weights and bias); their gradients are as many again. */
  parameters: number
  /** Its output and input-gradient buffers, the pooling argmax, the convolution's workspace. */
  buffers: number
  /** Module memory of its largest matrix product (see gemmHeapBytes). */
  products: number
}

/**
 * The allocations of convLayer, poolLayer, activationLayer, flattenLayer and denseLayer
 * above, from the shapes inferShapes gives: a convolution keeps the im2col matrix of the
 * whole batch for its backward pass (cIn·kH·kW × maxBatch·hOut·wOut).
 */
export function layerBytes(spec: LayerSpec, inS: FeatureShape, outS: FeatureShape, maxBatch: number): LayerBytes {
  const into = maxBatch * featureSize(inS)
  const out = maxBatch * featureSize(outS)
  switch (spec.type) {
    case 'conv': {
      const s = convShape(maxBatch, inS.c, inS.h, inS.w, spec.filters, spec)
      const ws = convWorkspaceSize(s, true)
      const weights = spec.filters * inS.c * s.kH * s.kW
      return { parameters: weights + (spec.bias === false ? 0 : spec.filters), buffers: F32 * (out + into + ws.floats), products: ws.productBytes }
    }
    case 'pool':
      return { parameters: 0, buffers: F32 * (out + into) + I32 * out, products: 0 }
    case 'activation':
      return { parameters: 0, buffers: F32 * (out + into), products: 0 }
    case 'flatten':
      return { parameters: 0, buffers: 0, products: 0 }
    case 'dense': {
      const nIn = featureSize(inS)
      const products = Math.max(gemmHeapBytes('nt', maxBatch, nIn, spec.units), gemmHeapBytes('tn', spec.units, maxBatch, nIn), gemmHeapBytes('nn', maxBatch, spec.units, nIn))
      return { parameters: spec.units * (nIn + (spec.bias === false ? 0 : 1)), buffers: F32 * (out + into), products }
    }
  }
}
