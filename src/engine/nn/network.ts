// A feedforward network: a chain of dense layers, y_l = σ_l(W_l y_{l−1} + b_l) (Eq. 35),
// and backpropagation written out step by step as in Eqs. 42–47 — one small function per
// factor of the chain rule, no autograd tape.

import type { Rng } from '../rng'
import { activate, activationBackward, type ActivationName } from './activations'
import {
  affineForward,
  createDense,
  createDenseGrads,
  inputGradient,
  parameterGradients,
  type DenseGrads,
  type DenseLayer
} from './dense'
import { initWeights, type InitName } from './init'
import { crossEntropyGradient, mseGradient, softmaxCrossEntropyGradient, type BatchReduction, type LossName } from './loss'

export interface NetworkSpec {
  /** Layer sizes from input to output, e.g. [784, 100, 10]. */
  sizes: number[]
  hiddenActivation: ActivationName
  outputActivation: ActivationName
  bias: boolean
  /** Leaky-ReLU slope for z < 0. */
  leak?: number
}

export interface Network {
  spec: NetworkSpec
  layers: DenseLayer[]
}

/** Buffers for one batch of up to `rows` samples, reused from batch to batch. */
export interface Workspace {
  rows: number
  /** Pre-activations z_l (Eq. 41), per layer. */
  z: Float32Array[]
  /** Outputs y_l = σ(z_l) (Eq. 40), per layer. */
  y: Float32Array[]
  /** ∂L/∂y_l, per layer. */
  dy: Float32Array[]
  /** δ_l = ∂L/∂z_l, per layer. */
  dz: Float32Array[]
}

export function createNetwork(spec: NetworkSpec, init: InitName, rng: Rng): Network {
  if (spec.sizes.length < 2) throw new Error('a network needs at least an input and an output size')
  const layers: DenseLayer[] = []
  const L = spec.sizes.length - 1
  for (let l = 0; l < L; l++) {
    const nIn = spec.sizes[l]
    const nOut = spec.sizes[l + 1]
    const act = l === L - 1 ? spec.outputActivation : spec.hiddenActivation
    const layer = createDense(nIn, nOut, act, spec.bias, spec.leak ?? 0.01)
    initWeights(layer.W, nIn, nOut, init, rng)
    layers.push(layer)
  }
  return { spec, layers }
}

export function createWorkspace(net: Network, rows: number): Workspace {
  const mk = () => net.layers.map((l) => new Float32Array(rows * l.nOut))
  return { rows, z: mk(), y: mk(), dy: mk(), dz: mk() }
}

export function createGrads(net: Network): DenseGrads[] {
  return net.layers.map(createDenseGrads)
}

/** Forward pass of n rows of x (n ≤ ws.rows): fills ws.z, ws.y and returns the output y_L. */
export function forward(net: Network, x: Float32Array, n: number, ws: Workspace): Float32Array {
  if (n > ws.rows) throw new Error(`batch of ${n} exceeds the workspace (${ws.rows} rows)`)
  let input = x
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l]
    affineForward(layer, input, ws.z[l], n) // Eq. 41
    activate(layer.activation, ws.z[l], ws.y[l], n, layer.nOut, layer.leak) // Eq. 40
    input = ws.y[l]
  }
  return ws.y[net.layers.length - 1]
}

/**
 * Eq. 42 term by term for the output layer: δ_L = ∂L/∂z_L from ∂L/∂y_out (Eq. 43) times
 * ∂y_out/∂σ = 1 (Eq. 44) times ∂σ/∂z (Eq. 45). Softmax + cross-entropy is fused (δ = p − t).
 */
export function outputDelta(net: Network, t: Float32Array, n: number, ws: Workspace, loss: LossName, reduction: BatchReduction): void {
  const L = net.layers.length - 1
  const layer = net.layers[L]
  const y = ws.y[L]
  if (loss === 'crossEntropy' && layer.activation === 'softmax') {
    softmaxCrossEntropyGradient(y, t, ws.dz[L], n, layer.nOut, reduction)
    return
  }
  if (loss === 'mse') mseGradient(y, t, ws.dy[L], n, layer.nOut, reduction) // Eq. 43
  else crossEntropyGradient(y, t, ws.dy[L], n, layer.nOut, reduction)
  activationBackward(layer.activation, ws.z[L], y, ws.dy[L], ws.dz[L], n, layer.nOut, layer.leak) // Eqs. 44–45
}

/**
 * Backpropagation after forward(): gradients of every W and b into `grads`. For each layer,
 * from the top: ∂L/∂W = δ xᵀ (Eqs. 46–47), ∂L/∂b = δ, then the error of the layer below,
 * δ_{l−1} = σ'(z_{l−1}) ⊙ W_lᵀ δ_l. The input layer's own error is never needed, so it is
 * not computed.
 */
export function backward(
  net: Network,
  x: Float32Array,
  t: Float32Array,
  n: number,
  ws: Workspace,
  grads: DenseGrads[],
  loss: LossName,
  reduction: BatchReduction
): void {
  outputDelta(net, t, n, ws, loss, reduction)
  backpropagate(net, x, n, ws, grads)
}

/**
 * The backward sweep of backward() from an output error δ_L already in ws.dz[L] (a loss the
 * network does not know, e.g. an autoencoder's reconstruction or a decoder fed by an
 * encoder). With `dx` (n rows of the input width) it also writes ∂L/∂x = W_1ᵀ δ_1, the error
 * a network feeding this one needs.
 */
export function backpropagate(net: Network, x: Float32Array, n: number, ws: Workspace, grads: DenseGrads[], dx?: Float32Array): void {
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l]
    const input = l === 0 ? x : ws.y[l - 1]
    parameterGradients(layer, ws.dz[l], input, grads[l], n)
    if (l > 0) {
      const below = net.layers[l - 1]
      inputGradient(layer, ws.dz[l], ws.dy[l - 1], n)
      activationBackward(below.activation, ws.z[l - 1], ws.y[l - 1], ws.dy[l - 1], ws.dz[l - 1], n, below.nOut, below.leak)
    } else if (dx) inputGradient(layer, ws.dz[0], dx, n)
  }
}

/** The trainable arrays in a fixed order: W_1, b_1, W_2, b_2, … (absent biases skipped). */
export function parameters(net: Network): Float32Array[] {
  const out: Float32Array[] = []
  for (const l of net.layers) {
    out.push(l.W)
    if (l.b) out.push(l.b)
  }
  return out
}

/** Gradients in the order of parameters(). */
export function gradientList(grads: DenseGrads[]): Float32Array[] {
  const out: Float32Array[] = []
  for (const g of grads) {
    out.push(g.dW)
    if (g.db) out.push(g.db)
  }
  return out
}

/** Which entries of parameters() are weight matrices (weight decay applies to those only). */
export function weightMask(net: Network): boolean[] {
  const out: boolean[] = []
  for (const l of net.layers) {
    out.push(true)
    if (l.b) out.push(false)
  }
  return out
}

/** One Float32Array per layer: W (nOut·nIn, row-major) followed by b (nOut) when present. */
export function exportWeights(net: Network): Float32Array[] {
  return net.layers.map((l) => {
    const out = new Float32Array(l.W.length + (l.b ? l.b.length : 0))
    out.set(l.W)
    if (l.b) out.set(l.b, l.W.length)
    return out
  })
}

/** Load weights in the exportWeights() layout; a clear error when the shapes do not fit. */
export function importWeights(net: Network, weights: Float32Array[]): void {
  if (weights.length !== net.layers.length)
    throw new Error(`stored weights have ${weights.length} layers, the network has ${net.layers.length}`)
  net.layers.forEach((l, i) => {
    const want = l.W.length + (l.b ? l.b.length : 0)
    if (weights[i].length !== want)
      throw new Error(
        `stored weights of layer ${i + 1} have ${weights[i].length} values, a ${l.nIn}→${l.nOut} layer ${l.b ? 'with' : 'without'} bias needs ${want}`
      )
    l.W.set(weights[i].subarray(0, l.W.length))
    if (l.b) l.b.set(weights[i].subarray(l.W.length))
  })
}
