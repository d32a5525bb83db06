// The latent layer of a variational autoencoder: the encoder's last layer gives, per sample,
// the mean μ and the log-variance log σ² of a Gaussian q(z|x) over k latent neurons (one row
// of the head holds [μ_1 … μ_k, log σ²_1 … log σ²_k]). A latent is drawn by the
// reparameterization z = μ + σ ⊙ ε with ε ~ N(0, 1) from the job's seeded Rng, so that z is a
// differentiable function of μ and log σ² and the noise is an input like any other. The prior
// is p(z) = N(0, 1), and the KL term of the ELBO has a closed form:
//
//   KL(q ‖ p) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²),
//   ∂KL/∂μ_j = μ_j,   ∂KL/∂log σ²_j = ½ (σ_j² − 1).
//
// A β-VAE weighs this term by β (the paper's "Lagrange multiplier" on the latent code).

import type { Rng } from '../rng'

/** ε ~ N(0, 1): n rows of k. */
export function drawNoise(eps: Float32Array, n: number, k: number, rng: Rng): void {
  for (let i = 0; i < n * k; i++) eps[i] = rng.normal()
}

/** z = μ + exp(½ log σ²) ε, row by row. */
export function reparameterize(head: Float32Array, eps: Float32Array, z: Float32Array, n: number, k: number): void {
  for (let r = 0; r < n; r++) {
    const h = r * 2 * k
    for (let j = 0; j < k; j++) z[r * k + j] = head[h + j] + Math.exp(0.5 * head[h + k + j]) * eps[r * k + j]
  }
}

/** z = μ: the latent of a sample without noise (its code, for plots and reconstructions). */
export function latentMean(head: Float32Array, z: Float32Array, n: number, k: number): void {
  for (let r = 0; r < n; r++) z.set(head.subarray(r * 2 * k, r * 2 * k + k), r * k)
}

/** KL(q ‖ N(0, 1)) of each row into perRow[offset + r] (when given); returns the sum over rows. */
export function gaussianKl(head: Float32Array, n: number, k: number, perRow?: Float32Array | Float64Array, offset = 0): number {
  let total = 0
  for (let r = 0; r < n; r++) {
    const h = r * 2 * k
    let s = 0
    for (let j = 0; j < k; j++) {
      const mu = head[h + j]
      const lv = head[h + k + j]
      s += mu * mu + Math.exp(lv) - 1 - lv
    }
    s *= 0.5
    if (perRow) perRow[offset + r] = s
    total += s
  }
  return total
}

/**
 * ∂L/∂head from ∂L/∂z (the decoder's input error) through the reparameterization
 * (∂z/∂μ = 1, ∂z/∂log σ² = ½ σ ε), plus c·∂KL/∂head (c = β over the batch size).
 */
export function latentBackward(head: Float32Array, eps: Float32Array, dz: Float32Array, dHead: Float32Array, n: number, k: number, c: number): void {
  for (let r = 0; r < n; r++) {
    const h = r * 2 * k
    for (let j = 0; j < k; j++) {
      const mu = head[h + j]
      const lv = head[h + k + j]
      const sigma = Math.exp(0.5 * lv)
      const g = dz[r * k + j]
      dHead[h + j] = g + c * mu
      dHead[h + k + j] = 0.5 * g * sigma * eps[r * k + j] + 0.5 * c * (sigma * sigma - 1)
    }
  }
}
