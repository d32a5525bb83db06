// A trained autoencoder read item by item: the latent code of each item (μ for a VAE) and its
// reconstruction loss with z = μ (no sampling: an item's score does not depend on a draw).
// These are what the analyses (Fig. 14, anomaly scores, latent maps) and the run's artifacts hold.

import { createBatch } from '../train/model'
import type { AutoencoderData } from './data'
import { createPass, passReconstruction, reconstruct, type Autoencoder } from './model'
import { corrupt, type InputNoise } from './noise'
import type { Rng } from '../rng'

export interface Codes {
  /** items × latent. */
  latents: Float32Array
  /** The reconstruction loss of each item (per sample, as in training). */
  losses: Float32Array
}

/** Codes and losses of dataset items `indices`, in passes of `rows`. */
export function codesOf(ae: Autoencoder, data: AutoencoderData, indices: ArrayLike<number>, rows = 500): Codes {
  const k = ae.arch.latent
  const n = indices.length
  const batch = createBatch(data, Math.max(1, Math.min(rows, n)))
  const pass = createPass(ae, batch.rows)
  const latents = new Float32Array(n * k)
  const losses = new Float32Array(n)
  for (let s = 0; s < n; s += batch.rows) {
    const m = Math.min(batch.rows, n - s)
    data.fill(indices, s, m, batch)
    reconstruct(ae, batch.x, m, pass, null)
    const Le = ae.encoder.layers.length - 1
    const code = ae.arch.variational ? pass.z : pass.enc.y[Le]
    latents.set(code.subarray(0, m * k), s * k)
    passReconstruction(ae, pass, batch.t, m, losses, s)
  }
  return { latents, losses }
}

export interface DenoisingErrors {
  /** Mean squared error per value of the corrupted inputs against the clean ones. */
  noisyMse: number
  /** … of the reconstructions of the corrupted inputs against the clean ones. */
  denoisedMse: number
  /** … of the reconstructions of the clean inputs (what the bottleneck loses anyway). */
  cleanMse: number
}

/** How much the network removes of `noise` on items `indices` (drawn from `rng`). */
export function denoisingErrors(ae: Autoencoder, data: AutoencoderData, indices: ArrayLike<number>, noise: InputNoise, rng: Rng, rows = 500): DenoisingErrors {
  const n = indices.length
  const w = data.inputSize
  const batch = createBatch(data, Math.max(1, Math.min(rows, n)))
  const pass = createPass(ae, batch.rows)
  const [lo, hi] = data.range
  let noisy = 0
  let denoised = 0
  let clean = 0
  const sq = (a: Float32Array, b: Float32Array, len: number): number => {
    let s = 0
    for (let i = 0; i < len; i++) s += (a[i] - b[i]) ** 2
    return s
  }
  for (let s = 0; s < n; s += batch.rows) {
    const m = Math.min(batch.rows, n - s)
    data.fill(indices, s, m, batch)
    clean += sq(reconstruct(ae, batch.x, m, pass, null), batch.t, m * w)
    corrupt(batch.x, m * w, noise, lo, hi, rng)
    noisy += sq(batch.x, batch.t, m * w)
    denoised += sq(reconstruct(ae, batch.x, m, pass, null), batch.t, m * w)
  }
  const values = Math.max(1, n * w)
  return { noisyMse: noisy / values, denoisedMse: denoised / values, cleanMse: clean / values }
}
