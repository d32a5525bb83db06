// The shape of an autoencoder (Fig. 13): an encoder of dense layers that narrows the input
// down to the latent space, the bottleneck, and a decoder that widens it back to the input.
// Stored with every run, so a reopened run rebuilds the same network from its weights.

import type { ActivationName } from '../nn/activations'
import type { ReconstructionLoss } from './reconstruction'

export interface AutoencoderArchitecture {
  /** Values per item (pixels, spins, time points): the width of the input and of the output. */
  inputSize: number
  /** Hidden widths from the input towards the latent space, e.g. [256, 64]. */
  encoder: number[]
  /** Neurons of the latent space (the bottleneck). */
  latent: number
  /** Hidden widths from the latent space towards the output, e.g. [64, 256]. */
  decoder: number[]
  hiddenActivation: ActivationName
  /** The latent neurons' activation (a plain autoencoder; a VAE's latent is Gaussian). */
  latentActivation: ActivationName
  /** Matched to the data: linear, sigmoid for [0, 1] pixels, tanh for ±1 spins. */
  outputActivation: ActivationName
  leakySlope: number
  /** Gaussian encoder (μ, log σ²) and a KL term: a variational autoencoder. */
  variational: boolean
  /** Decoder weights = the encoder's transposed (the decoder mirrors the encoder). */
  tied: boolean
  loss: ReconstructionLoss
  /** Weight of the KL term (1: the ELBO; β ≠ 1: a β-VAE). */
  beta: number
}

/** Layer sizes of the encoder network: input, hidden widths, then μ (and log σ² for a VAE). */
export function encoderSizes(a: AutoencoderArchitecture): number[] {
  return [a.inputSize, ...a.encoder, a.variational ? 2 * a.latent : a.latent]
}

export function decoderSizes(a: AutoencoderArchitecture): number[] {
  return [a.latent, ...a.decoder, a.inputSize]
}

const mirrors = (a: number[], b: number[]): boolean => a.length === b.length && a.every((w, i) => w === b[b.length - 1 - i])

/** Throws a clear Error for a shape no autoencoder can have (the kind's schema says the same first). */
export function checkArchitecture(a: AutoencoderArchitecture): void {
  if (a.latent > a.inputSize)
    throw new Error(`the latent space (${a.latent} neurons) is larger than the input (${a.inputSize} values): it would be no bottleneck`)
  if (a.tied && a.variational) throw new Error('tied weights need a plain autoencoder: a VAE’s encoder ends in μ and log σ², which no decoder layer mirrors')
  if (a.tied && !mirrors(a.encoder, a.decoder))
    throw new Error(`tied weights need a decoder that mirrors the encoder (decoder widths [${[...a.encoder].reverse().join(', ')}], got [${a.decoder.join(', ')}])`)
  if (a.beta < 0 || !Number.isFinite(a.beta)) throw new Error(`β must be a finite number ≥ 0 (got ${a.beta})`)
}

/** Trainable numbers of the network (weights and biases; tied decoder weights counted once). */
export function parameterCount(a: AutoencoderArchitecture): number {
  let n = 0
  const add = (s: number[], weights: boolean): void => {
    for (let l = 1; l < s.length; l++) n += (weights ? s[l - 1] * s[l] : 0) + s[l]
  }
  add(encoderSizes(a), true)
  add(decoderSizes(a), !a.tied)
  return n
}
