// The VAE's latent layer: the closed-form KL term against numerical integration of
// ∫ q log(q/p) dz, the reparameterization's draws against the Gaussian they stand for, and
// the reconstruction losses on hand-computed values (including saturated outputs).

import { describe, expect, it } from 'vitest'
import { drawNoise, gaussianKl, latentMean, reparameterize } from '../../../src/engine/autoencoder/gaussianLatent'
import { reconstructionLoss } from '../../../src/engine/autoencoder/reconstruction'
import { createRng } from '../../../src/engine/rng'

/** KL(N(μ, σ²) ‖ N(0, 1)) by Simpson's rule over μ ± 14σ (2·10⁴ intervals). */
function klByQuadrature(mu: number, logVar: number): number {
  const s = Math.exp(0.5 * logVar)
  const a = mu - 14 * s
  const b = mu + 14 * s
  const n = 20000
  const h = (b - a) / n
  const logq = (z: number) => -0.5 * ((z - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI)
  const logp = (z: number) => -0.5 * z * z - 0.5 * Math.log(2 * Math.PI)
  const f = (z: number) => Math.exp(logq(z)) * (logq(z) - logp(z))
  let sum = f(a) + f(b)
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(a + i * h)
  return (sum * h) / 3
}

describe('the KL term', () => {
  it('equals ∫ q log(q/p) dz, one latent at a time and summed over latents', () => {
    const cases: [number, number][] = [
      [0, 0],
      [1.5, 0],
      [-0.7, -2.3],
      [2.2, 1.1],
      [0.3, -5]
    ]
    const head = new Float32Array(2 * cases.length)
    cases.forEach(([mu, lv], j) => {
      head[j] = mu
      head[cases.length + j] = lv
      const one = Float32Array.of(mu, lv)
      expect(gaussianKl(one, 1, 1)).toBeCloseTo(klByQuadrature(Math.fround(mu), Math.fround(lv)), 6)
    })
    expect(gaussianKl(Float32Array.of(0, 0), 1, 1)).toBe(0) // q = p
    const total = cases.reduce((s, [mu, lv]) => s + klByQuadrature(Math.fround(mu), Math.fround(lv)), 0)
    const perRow = new Float64Array(1)
    expect(gaussianKl(head, 1, cases.length, perRow)).toBeCloseTo(total, 5)
    expect(perRow[0]).toBeCloseTo(total, 5)
  })
})

describe('the reparameterization z = μ + σε', () => {
  it('draws z with mean μ and variance σ² (40,000 draws: within 4 standard errors); z = μ without noise', () => {
    const n = 40000
    const head = new Float32Array(n * 2)
    for (let r = 0; r < n; r++) head.set([0.8, Math.log(0.25)], 2 * r) // μ = 0.8, σ = 0.5
    const eps = new Float32Array(n)
    const z = new Float32Array(n)
    drawNoise(eps, n, 1, createRng(4))
    reparameterize(head, eps, z, n, 1)
    const mean = z.reduce((s, v) => s + v, 0) / n
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)
    expect(Math.abs(mean - 0.8)).toBeLessThan(4 * Math.sqrt(0.25 / n))
    expect(Math.abs(variance - 0.25)).toBeLessThan(4 * 0.25 * Math.sqrt(2 / n))
    latentMean(head, z, 3, 1)
    expect(Array.from(z.subarray(0, 3))).toEqual([0.800000011920929, 0.800000011920929, 0.800000011920929])
  })
})

describe('reconstruction losses', () => {
  it('MSE per sample is Eq. 39’s mean over the outputs times the scale', () => {
    const y = Float32Array.of(0.5, 0.5, 1, 0)
    const t = Float32Array.of(0, 1, 1, 1)
    const perRow = new Float64Array(2)
    // rows: (0.25 + 0.25)/2 = 0.25 and (0 + 1)/2 = 0.5
    expect(reconstructionLoss('mse', 'linear', y, y, t, 2, 2, 1 / 2, perRow)).toBeCloseTo(0.75, 12)
    expect(Array.from(perRow)).toEqual([0.25, 0.5])
  })
  it('BCE is −Σ[t log p + (1 − t) log(1 − p)], with p = (1 + y)/2 for a tanh output on ±1, and stays finite when the output saturates', () => {
    const z = Float32Array.of(0.3, -1.2)
    const sig = (v: number) => 1 / (1 + Math.exp(-v))
    const p = [sig(0.3), sig(-1.2)]
    // sigmoid output, targets 1 and 0.25
    expect(reconstructionLoss('bce', 'sigmoid', z, z, Float32Array.of(1, 0.25), 1, 2, 1)).toBeCloseTo(-Math.log(p[0]) - (0.25 * Math.log(p[1]) + 0.75 * Math.log(1 - p[1])), 6)
    // tanh output, spins +1 and −1: p = (1 + tanh z)/2
    const q = [(1 + Math.tanh(0.3)) / 2, (1 + Math.tanh(-1.2)) / 2]
    expect(reconstructionLoss('bce', 'tanh', z, z, Float32Array.of(1, -1), 1, 2, 1)).toBeCloseTo(-Math.log(q[0]) - Math.log(1 - q[1]), 6)
    // a saturated wrong output: the loss is the logit itself (≈ 60), not ∞
    const wrong = reconstructionLoss('bce', 'sigmoid', Float32Array.of(60), Float32Array.of(1), Float32Array.of(0), 1, 1, 1)
    expect(wrong).toBeCloseTo(60, 6)
  })
})
