// An autoencoder (Fig. 13) built from the dense networks of the network lab: the encoder
// y = σ(W x + b) layer by layer (Eqs. 35, 40–41) down to the latent space, the decoder back up
// to the input size, the reconstruction loss of the clean input (reconstruction.ts), and
// backpropagation (Eqs. 42–47) from the output through the decoder into the latent space and
// on through the encoder. For a VAE the latent is drawn by reparameterization and the KL term
// joins the loss (gaussianLatent.ts). With tied weights the decoder's matrices are the
// encoder's transposed: copied before each pass, their gradients added back to the encoder's.
//
// Random streams: the caller's Rng initialises the weights; a VAE draws its training noise ε
// and its evaluation noise from two more Rngs it is given.

import type { Rng } from '../rng'
import { activationBackward } from '../nn/activations'
import type { InitName } from '../nn/init'
import {
  backpropagate,
  createGrads,
  createNetwork,
  createWorkspace,
  forward,
  gradientList,
  parameters,
  weightMask,
  type Network,
  type Workspace
} from '../nn/network'
import type { DenseGrads } from '../nn/dense'
import type { Batch, TrainableModel } from '../train/model'
import { checkArchitecture, decoderSizes, encoderSizes, type AutoencoderArchitecture } from './architecture'
import { drawNoise, gaussianKl, latentBackward, latentMean, reparameterize } from './gaussianLatent'
import { reconstructionDelta, reconstructionLoss } from './reconstruction'

export interface Autoencoder {
  arch: AutoencoderArchitecture
  encoder: Network
  decoder: Network
}

export function createAutoencoder(arch: AutoencoderArchitecture, init: InitName, rng: Rng): Autoencoder {
  checkArchitecture(arch)
  const leak = arch.leakySlope
  const encoder = createNetwork(
    { sizes: encoderSizes(arch), hiddenActivation: arch.hiddenActivation, outputActivation: arch.variational ? 'linear' : arch.latentActivation, bias: true, leak },
    init,
    rng
  )
  const decoder = createNetwork({ sizes: decoderSizes(arch), hiddenActivation: arch.hiddenActivation, outputActivation: arch.outputActivation, bias: true, leak }, init, rng)
  const ae = { arch, encoder, decoder }
  syncTied(ae)
  return ae
}

/** W (nOut×nIn, row-major) transposed into out (nIn×nOut); with `add`, added to out. */
function transpose(W: Float32Array, nOut: number, nIn: number, out: Float32Array, add: boolean): void {
  for (let o = 0; o < nOut; o++)
    for (let i = 0; i < nIn; i++) {
      const v = W[o * nIn + i]
      out[i * nOut + o] = add ? out[i * nOut + o] + v : v
    }
}

/** Tied weights: decoder layer j takes the transpose of encoder layer L + 1 − j. */
function syncTied(ae: Autoencoder): void {
  if (!ae.arch.tied) return
  const L = ae.encoder.layers.length
  ae.decoder.layers.forEach((d, j) => {
    const e = ae.encoder.layers[L - 1 - j]
    transpose(e.W, e.nOut, e.nIn, d.W, false)
  })
}

/** Buffers for passes of up to `rows` samples. */
export interface AutoencoderPass {
  rows: number
  enc: Workspace
  dec: Workspace
  /** The latents fed to the decoder (rows × latent). */
  z: Float32Array
  /** A VAE's noise ε (rows × latent). */
  eps: Float32Array
}

export function createPass(ae: Autoencoder, rows: number): AutoencoderPass {
  const k = ae.arch.latent
  return { rows, enc: createWorkspace(ae.encoder, rows), dec: createWorkspace(ae.decoder, rows), z: new Float32Array(rows * k), eps: new Float32Array(rows * k) }
}

/** The encoder's last layer for n rows: the latents of a plain autoencoder, [μ, log σ²] of a VAE. */
function encodeHead(ae: Autoencoder, x: Float32Array, n: number, p: AutoencoderPass): Float32Array {
  syncTied(ae)
  return forward(ae.encoder, x, n, p.enc)
}

/** The decoder's output for n latents (n × latent): reconstructions, or samples of the prior. */
export function decode(ae: Autoencoder, z: Float32Array, n: number, p: AutoencoderPass): Float32Array {
  syncTied(ae)
  return forward(ae.decoder, z, n, p.dec)
}

/**
 * Encoder then decoder for n rows. A VAE draws z = μ + σε with ε from `noise`, or takes z = μ
 * when `noise` is null. Returns the output rows; the latents stay in the pass.
 */
export function reconstruct(ae: Autoencoder, x: Float32Array, n: number, p: AutoencoderPass, noise: Rng | null): Float32Array {
  const k = ae.arch.latent
  const head = encodeHead(ae, x, n, p)
  let z = head
  if (ae.arch.variational) {
    if (noise) {
      drawNoise(p.eps, n, k, noise)
      reparameterize(head, p.eps, p.z, n, k)
    } else latentMean(head, p.z, n, k)
    z = p.z
  }
  return forward(ae.decoder, z, n, p.dec)
}

/** Per-sample reconstruction loss of the rows last passed through `p` against targets t. */
export function passReconstruction(ae: Autoencoder, p: AutoencoderPass, t: Float32Array, n: number, perRow?: Float32Array | Float64Array, offset = 0): number {
  const a = ae.arch
  const L = ae.decoder.layers.length - 1
  return reconstructionLoss(a.loss, a.outputActivation, p.dec.z[L], p.dec.y[L], t, n, a.inputSize, reconstructionScale(a), perRow, offset)
}

/** Per-sample KL of the rows last passed through `p` (a VAE). */
export function passKl(ae: Autoencoder, p: AutoencoderPass, n: number, perRow?: Float32Array | Float64Array, offset = 0): number {
  return gaussianKl(p.enc.y[ae.encoder.layers.length - 1], n, ae.arch.latent, perRow, offset)
}

/** 1/width (Eq. 39's mean over the outputs) for a plain autoencoder; 1 (a log-likelihood in nats) for a VAE. */
export function reconstructionScale(a: AutoencoderArchitecture): number {
  return a.variational ? 1 : 1 / a.inputSize
}

/** The quantities a run reports per sample: a plain autoencoder its loss, a VAE also the ELBO's two terms. */
export function autoencoderMetrics(a: AutoencoderArchitecture): readonly string[] {
  return a.variational ? ['loss', 'reconstruction', 'kl'] : ['loss']
}

export interface AutoencoderModel extends TrainableModel {
  readonly ae: Autoencoder
}

/**
 * The autoencoder as a model of the training loop. Training batches of up to `batchSize` rows
 * draw ε from `trainNoise`, evaluation passes of up to `evalRows` from `evalNoise`.
 */
export function autoencoderModel(ae: Autoencoder, o: { batchSize: number; evalRows: number; trainNoise: Rng; evalNoise: Rng }): AutoencoderModel {
  const a = ae.arch
  const k = a.latent
  const encGrads = createGrads(ae.encoder)
  const decGrads = createGrads(ae.decoder)
  const pass = createPass(ae, o.batchSize)
  let evalPass: AutoencoderPass | null = null
  const dLatent = new Float32Array(o.batchSize * k)
  const Le = ae.encoder.layers.length - 1
  const Ld = ae.decoder.layers.length - 1
  const decParams = decoderTrainables(ae, decGrads)

  const metricsOf = (p: AutoencoderPass, t: Float32Array, n: number, sums: Float64Array): number => {
    const recon = passReconstruction(ae, p, t, n)
    if (!a.variational) {
      sums[0] += recon
      return recon / n
    }
    const kl = passKl(ae, p, n)
    sums[0] += recon + a.beta * kl
    sums[1] += recon
    sums[2] += kl
    return (recon + a.beta * kl) / n
  }

  return {
    ae,
    metrics: autoencoderMetrics(a),
    params: [...parameters(ae.encoder), ...decParams.params],
    grads: [...gradientList(encGrads), ...decParams.grads],
    isWeight: [...weightMask(ae.encoder), ...decParams.isWeight],
    evalRows: o.evalRows,
    gradient(b: Batch, sums: Float64Array): number {
      const n = b.n
      const z = a.variational ? pass.z : pass.enc.y[Le]
      reconstruct(ae, b.x, n, pass, o.trainNoise)
      const loss = metricsOf(pass, b.t, n, sums)
      // δ of the output layer for the batch mean, then back through the decoder into the latents
      reconstructionDelta(a.loss, a.outputActivation, pass.dec.z[Ld], pass.dec.y[Ld], b.t, pass.dec.dy[Ld], pass.dec.dz[Ld], n, a.inputSize, reconstructionScale(a) / n, a.leakySlope)
      backpropagate(ae.decoder, z, n, pass.dec, decGrads, dLatent)
      if (a.variational) latentBackward(pass.enc.y[Le], pass.eps, dLatent, pass.enc.dz[Le], n, k, a.beta / n)
      else activationBackward(a.latentActivation, pass.enc.z[Le], pass.enc.y[Le], dLatent, pass.enc.dz[Le], n, k, a.leakySlope)
      backpropagate(ae.encoder, b.x, n, pass.enc, encGrads)
      // a tied W gets the decoder's use of it too: ∂L/∂E_l += (∂L/∂D_j)ᵀ
      if (a.tied) ae.decoder.layers.forEach((d, j) => transpose(decGrads[j].dW, d.nOut, d.nIn, encGrads[Le - j].dW, true))
      return loss
    },
    measure(b: Batch, sums: Float64Array): Float32Array {
      evalPass ??= createPass(ae, o.evalRows)
      const y = reconstruct(ae, b.x, b.n, evalPass, o.evalNoise)
      metricsOf(evalPass, b.t, b.n, sums)
      return y
    },
    exportWeights: () => exportAutoencoderWeights(ae),
    importWeights: (w) => importAutoencoderWeights(ae, w)
  }
}

/** The decoder's trainable arrays: every W and b, or only the biases when W is tied to the encoder. */
function decoderTrainables(ae: Autoencoder, grads: DenseGrads[]): { params: Float32Array[]; grads: Float32Array[]; isWeight: boolean[] } {
  if (!ae.arch.tied) return { params: parameters(ae.decoder), grads: gradientList(grads), isWeight: weightMask(ae.decoder) }
  return {
    params: ae.decoder.layers.map((l) => l.b as Float32Array),
    grads: grads.map((g) => g.db as Float32Array),
    isWeight: ae.decoder.layers.map(() => false)
  }
}

/** The layers of the whole autoencoder, encoder first. */
export const autoencoderLayers = (ae: Autoencoder) => [...ae.encoder.layers, ...ae.decoder.layers]

/** One array per layer, encoder then decoder: W (nOut·nIn, row-major) then b. Tied decoder W are stored as the transposes they are. */
export function exportAutoencoderWeights(ae: Autoencoder): Float32Array[] {
  syncTied(ae)
  return autoencoderLayers(ae).map((l) => {
    const out = new Float32Array(l.W.length + l.nOut)
    out.set(l.W)
    out.set(l.b as Float32Array, l.W.length)
    return out
  })
}

/** The inverse of exportAutoencoderWeights; a clear error when the shapes do not fit. */
export function importAutoencoderWeights(ae: Autoencoder, weights: Float32Array[]): void {
  const layers = autoencoderLayers(ae)
  if (weights.length !== layers.length) throw new Error(`stored weights have ${weights.length} layers, this autoencoder has ${layers.length}`)
  layers.forEach((l, i) => {
    const want = l.W.length + l.nOut
    if (weights[i].length !== want) throw new Error(`stored weights of layer ${i + 1} have ${weights[i].length} values, a ${l.nIn}→${l.nOut} layer needs ${want}`)
    l.W.set(weights[i].subarray(0, l.W.length))
    ;(l.b as Float32Array).set(weights[i].subarray(l.W.length))
  })
  syncTied(ae)
}

/** n samples of the prior N(0, 1) through the decoder (a VAE's generated data). */
export function samplePrior(ae: Autoencoder, n: number, rng: Rng): Float32Array {
  const p = createPass(ae, n)
  drawNoise(p.z, n, ae.arch.latent, rng)
  return decode(ae, p.z, n, p).slice(0, n * ae.arch.inputSize)
}
