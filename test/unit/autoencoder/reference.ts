// An autoencoder written again, independently of the engine, in float64 and one sample at a
// time: the truth the engine's gradients and losses are checked against. Parameters come in
// the order of the engine model's `params` (encoder W, b per layer; decoder W, b per layer, or
// only b with tied weights, the decoder then using the encoder's matrices transposed).

import type { AutoencoderArchitecture } from '../../../src/engine/autoencoder/architecture'
import { decoderSizes, encoderSizes } from '../../../src/engine/autoencoder/architecture'

function act(name: string, z: number, leak: number): number {
  switch (name) {
    case 'relu':
      return z > 0 ? z : 0
    case 'leakyRelu':
      return z > 0 ? z : leak * z
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z))
    case 'tanh':
      return Math.tanh(z)
    case 'linear':
      return z
  }
  throw new Error(`no reference for ${name}`)
}

interface RefLayer {
  nIn: number
  nOut: number
  /** w(o, i): the weight from input i to output o. */
  w: (o: number, i: number) => number
  b: Float64Array
  act: string
}

function layers(a: AutoencoderArchitecture, P: Float64Array[]): { enc: RefLayer[]; dec: RefLayer[] } {
  let p = 0
  const es = encoderSizes(a)
  const enc: RefLayer[] = []
  for (let l = 1; l < es.length; l++) {
    const W = P[p++]
    const nIn = es[l - 1]
    enc.push({ nIn, nOut: es[l], w: (o, i) => W[o * nIn + i], b: P[p++], act: l === es.length - 1 ? (a.variational ? 'linear' : a.latentActivation) : a.hiddenActivation })
  }
  const ds = decoderSizes(a)
  const dec: RefLayer[] = []
  for (let l = 1; l < ds.length; l++) {
    const nIn = ds[l - 1]
    const nOut = ds[l]
    let w: RefLayer['w']
    if (a.tied) {
      const E = P[2 * (es.length - 1 - l)] // the encoder layer this one mirrors: nIn×nOut as stored
      w = (o, i) => E[i * nOut + o]
    } else {
      const W = P[p++]
      w = (o, i) => W[o * nIn + i]
    }
    dec.push({ nIn, nOut, w, b: P[p++], act: l === ds.length - 1 ? a.outputActivation : a.hiddenActivation })
  }
  return { enc, dec }
}

function run(ls: RefLayer[], x: number[], leak: number): { z: number[]; y: number[] } {
  let y = x
  let z: number[] = []
  for (const l of ls) {
    z = Array.from({ length: l.nOut }, (_, o) => {
      let s = l.b[o]
      for (let i = 0; i < l.nIn; i++) s += l.w(o, i) * y[i]
      return s
    })
    y = z.map((v) => act(l.act, v, leak))
  }
  return { z, y }
}

export interface RefSample {
  latent: number[]
  reconstruction: number
  kl: number
  loss: number
}

/** One sample: its latent code (μ for a VAE), reconstruction loss, KL and loss (recon + β KL). */
export function referenceSample(a: AutoencoderArchitecture, P: Float64Array[], x: number[], t: number[], eps: number[] | null): RefSample {
  const { enc, dec } = layers(a, P)
  const head = run(enc, x, a.leakySlope).y
  const k = a.latent
  let latent = head
  let kl = 0
  let z = head
  if (a.variational) {
    latent = head.slice(0, k)
    z = latent.map((mu, j) => mu + (eps ? Math.exp(0.5 * head[k + j]) * eps[j] : 0))
    for (let j = 0; j < k; j++) kl += 0.5 * (head[j] ** 2 + Math.exp(head[k + j]) - 1 - head[k + j])
  }
  const out = run(dec, z, a.leakySlope)
  let recon = 0
  for (let i = 0; i < a.inputSize; i++) {
    if (a.loss === 'mse') recon += (out.y[i] - t[i]) ** 2
    else {
      // −[t' log p + (1 − t') log(1 − p)] with p the probability of the upper value
      const p = a.outputActivation === 'tanh' ? (1 + out.y[i]) / 2 : out.y[i]
      const tp = a.outputActivation === 'tanh' ? (1 + t[i]) / 2 : t[i]
      recon -= tp * Math.log(p) + (1 - tp) * Math.log(1 - p)
    }
  }
  if (!a.variational) recon /= a.inputSize
  return { latent, reconstruction: recon, kl, loss: recon + a.beta * kl }
}

/** Mean loss over n rows of x and t (each row inputSize wide); eps n rows of latent (a VAE). */
export function referenceLoss(a: AutoencoderArchitecture, P: Float64Array[], x: Float32Array, t: Float32Array, n: number, eps: Float64Array | null): number {
  const w = a.inputSize
  const k = a.latent
  let s = 0
  for (let r = 0; r < n; r++)
    s += referenceSample(a, P, Array.from(x.subarray(r * w, (r + 1) * w)), Array.from(t.subarray(r * w, (r + 1) * w)), eps ? Array.from(eps.subarray(r * k, (r + 1) * k)) : null).loss
  return s / n
}
