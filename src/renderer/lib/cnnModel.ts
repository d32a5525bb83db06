// A trained CNN rebuilt in the renderer from a stored cnn.train run (its architecture and its
// `cnn.weights.<layer>` artifacts), for single forward passes: every layer's feature maps for
// one digit, the class probabilities, and the score of one channel over many digits. Pure:
// the loading through the API is in cnnRunModel.ts.

import { buildCnn, cnnForward, featureSize, importCnnWeights, type CnnNetwork, type FeatureShape, type LayerSpec } from '../../engine/cnn/cnnLayers'
import { softmaxRow } from '../../engine/nn/activations'
import { createRng } from '../../engine/rng'
import { setMatmulBackend } from '../../engine/tensor/matmul'
import { MNIST_INPUT } from './cnnArchitecture'

// The page's CSP has no 'wasm-unsafe-eval' and Chromium refuses synchronous compiles on the
// main thread anyway: use the TypeScript products directly (single digits are cheap).
setMatmulBackend('ts')

/**
 * Digits forwarded per batch when scoring a channel; the page yields between batches. 16
 * LeNet digits take ~25 ms (TypeScript products, measured on a loaded machine; 50 took ~70 ms),
 * short enough not to stall the page.
 */
export const CHUNK = 16

export interface StoredLayerWeights {
  layer: number
  data: Float32Array
}

/** The network of `specs` with the stored weights loaded; throws a clear Error on a mismatch. */
export function buildTrainedCnn(specs: readonly LayerSpec[], weights: readonly StoredLayerWeights[], input: FeatureShape = MNIST_INPUT, maxBatch = CHUNK): CnnNetwork {
  // The initial weights are overwritten by the stored ones: the seed does not matter.
  const net = buildCnn(specs, input, { maxBatch, rng: createRng(0, 0) })
  importCnnWeights(net, weights)
  return net
}

export interface LayerMaps {
  /** Index in the architecture (0-based). */
  index: number
  spec: LayerSpec
  shape: FeatureShape
  /** This layer's output for the one sample, C×H×W (a copy). */
  data: Float32Array
}

export interface DigitForward {
  maps: LayerMaps[]
  /** Softmax of the last layer's outputs. */
  probs: Float32Array
  predicted: number
}

/** One sample (C·H·W values, the input scaled as in training: bytes/255) through every layer. */
export function forwardMaps(net: CnnNetwork, x: Float32Array): DigitForward {
  const size = featureSize(net.input)
  if (x.length !== size) throw new Error(`the network takes ${size} input values, got ${x.length}`)
  const logits = cnnForward(net, x, 1, false)
  const maps: LayerMaps[] = net.layers.map((l, i) => {
    const out = i + 1 < net.layers.length ? net.inputs[i + 1] : logits
    return { index: i, spec: l.spec, shape: l.outShape, data: out.slice(0, featureSize(l.outShape)) }
  })
  const probs = new Float32Array(net.outputs)
  softmaxRow(logits, probs, 0, net.outputs)
  let predicted = 0
  for (let k = 1; k < probs.length; k++) if (probs[k] > probs[predicted]) predicted = k
  return { maps, probs, predicted }
}

/**
 * How strongly each of n samples excites channel `channel` of layer `layer`: the largest
 * value in that channel's map (for a flat layer, the unit's value). x holds n samples.
 */
export function channelScores(net: CnnNetwork, layer: number, channel: number, x: Float32Array, n: number): Float32Array {
  const l = net.layers[layer]
  if (!l) throw new Error(`no layer ${layer + 1}`)
  const s = l.outShape
  if (channel < 0 || channel >= s.c) throw new Error(`layer ${layer + 1} has ${s.c} channels, not ${channel + 1}`)
  const last = cnnForward(net, x, n, false)
  const out = layer + 1 < net.layers.length ? net.inputs[layer + 1] : last
  const per = featureSize(s)
  const plane = s.h * s.w
  const scores = new Float32Array(n)
  for (let b = 0; b < n; b++) {
    let m = -Infinity
    const off = b * per + channel * plane
    for (let k = 0; k < plane; k++) if (out[off + k] > m) m = out[off + k]
    scores[b] = m
  }
  return scores
}

/** Indices of the k largest scores, largest first (ties: the earlier index first). */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i)
  idx.sort((a, b) => scores[b] - scores[a] || a - b)
  return idx.slice(0, Math.min(k, idx.length))
}

/** Weights of a conv layer: W[o, c, u, v] as one kH×kW map per (o, c). */
export function convFilters(net: CnnNetwork, layer: number): { count: number; channels: number; kh: number; kw: number; maps: Float32Array[] } {
  const l = net.layers[layer]
  if (!l || l.spec.type !== 'conv') throw new Error(`layer ${layer + 1} is not a convolution`)
  const W = l.params[0]
  const count = l.outShape.c
  const channels = l.inShape.c
  const k = l.spec.kernel
  const [kh, kw] = typeof k === 'number' ? [k, k] : [k[0], k[1]]
  const maps: Float32Array[] = []
  for (let o = 0; o < count; o++) for (let c = 0; c < channels; c++) maps.push(W.slice((o * channels + c) * kh * kw, (o * channels + c + 1) * kh * kw))
  return { count, channels, kh, kw, maps }
}
