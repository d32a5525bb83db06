// Finite-difference checks of the autoencoder's gradient: the engine's analytic gradient
// (float32, backpropagation through decoder, latent and encoder) against central differences
// (h = 1e-6) of the independent float64 loss in reference.ts, for each loss, output, hidden
// activation, with tied weights, and for a VAE (and β-VAE) with the noise ε held fixed.
// Criterion: |a − n| ≤ 2e-3·max(|a|, |n|) + 2e-6.

import { describe, expect, it } from 'vitest'
import type { AutoencoderArchitecture } from '../../../src/engine/autoencoder/architecture'
import { autoencoderModel, createAutoencoder } from '../../../src/engine/autoencoder/model'
import { createRng } from '../../../src/engine/rng'
import { referenceLoss } from './reference'

const base: AutoencoderArchitecture = {
  inputSize: 6,
  encoder: [5],
  latent: 2,
  decoder: [4],
  hiddenActivation: 'tanh',
  latentActivation: 'linear',
  outputActivation: 'sigmoid',
  leakySlope: 0.1,
  variational: false,
  tied: false,
  loss: 'mse',
  beta: 1
}

const N = 3

function batchFor(a: AutoencoderArchitecture, seed: number) {
  const r = createRng(seed)
  const w = a.inputSize
  const x = new Float32Array(N * w)
  // targets in the data's range: [0, 1] for a sigmoid output, ±1 spins for tanh, anything for linear
  for (let i = 0; i < x.length; i++)
    x[i] = a.outputActivation === 'sigmoid' ? r.uniform() : a.outputActivation === 'tanh' ? (r.uniform() < 0.5 ? -1 : 1) : 2 * r.normal()
  return { rows: N, n: N, x, t: x.slice(), labels: new Uint8Array(N) }
}

function check(a: AutoencoderArchitecture, seed = 1): void {
  const ae = createAutoencoder(a, 'xavier', createRng(seed))
  // biases away from zero too, so their gradients are tested at a generic point
  const init = createRng(seed + 100)
  for (const l of [...ae.encoder.layers, ...ae.decoder.layers]) for (let i = 0; i < (l.b as Float32Array).length; i++) (l.b as Float32Array)[i] = 0.3 * init.normal()
  const model = autoencoderModel(ae, { batchSize: N, evalRows: N, trainNoise: createRng(77), evalNoise: createRng(78) })
  const batch = batchFor(a, seed + 7)
  // the noise the model will draw for this batch, drawn the same way (n rows of k, row-major)
  const noise = createRng(77)
  const eps = a.variational ? Float64Array.from({ length: N * a.latent }, () => noise.normal()) : null
  const sums = new Float64Array(model.metrics.length)
  const loss = model.gradient(batch, sums)
  const P = model.params.map((p) => Float64Array.from(p))
  const f = (): number => referenceLoss(a, P, batch.x, batch.t, N, eps)
  expect(loss).toBeCloseTo(f(), 5)
  let nonzero = 0
  const h = 1e-6
  P.forEach((p, k) => {
    for (let i = 0; i < p.length; i++) {
      const v = p[i]
      p[i] = v + h
      const up = f()
      p[i] = v - h
      const down = f()
      p[i] = v
      const num = (up - down) / (2 * h)
      const ana = model.grads[k][i]
      if (Math.abs(ana - num) > 2e-3 * Math.max(Math.abs(ana), Math.abs(num)) + 2e-6) throw new Error(`param array ${k}[${i}]: analytic ${ana} vs numeric ${num}`)
      if (Math.abs(num) > 1e-4) nonzero++
    }
  })
  // a check where every entry is ~0 would prove nothing
  expect(nonzero).toBeGreaterThan(model.params.reduce((s, p) => s + p.length, 0) / 2)
}

describe('the autoencoder’s gradient equals finite differences of an independent float64 loss', () => {
  const cases: [string, Partial<AutoencoderArchitecture>][] = [
    ['MSE, sigmoid output, tanh hidden', {}],
    ['MSE, tanh output on ±1, sigmoid hidden, tanh latent', { outputActivation: 'tanh', hiddenActivation: 'sigmoid', latentActivation: 'tanh' }],
    ['MSE, linear output, leaky ReLU hidden', { outputActivation: 'linear', hiddenActivation: 'leakyRelu' }],
    ['BCE, sigmoid output on [0, 1]', { loss: 'bce' }],
    ['BCE, tanh output on ±1 spins', { loss: 'bce', outputActivation: 'tanh' }],
    ['two hidden layers each side, ReLU', { encoder: [5, 4], decoder: [3, 5], hiddenActivation: 'relu', latentActivation: 'tanh', outputActivation: 'linear' }],
    ['tied weights (decoder = encoderᵀ), MSE', { tied: true, decoder: [5] }],
    ['tied weights, two hidden layers, BCE', { tied: true, encoder: [5, 4], decoder: [4, 5], loss: 'bce' }]
  ]
  for (const [what, over] of cases) it(what, () => check({ ...base, ...over }))
})

describe('VAE with the noise ε fixed: reconstruction + β·KL through the reparameterization', () => {
  const vae = { ...base, variational: true }
  it('BCE, sigmoid output (the ELBO, β = 1)', () => check({ ...vae, loss: 'bce' }))
  it('MSE, linear output, 3 latent neurons', () => check({ ...vae, latent: 3, outputActivation: 'linear' }, 3))
  it('β-VAE (β = 4), tanh output on ±1, BCE', () => check({ ...vae, beta: 4, loss: 'bce', outputActivation: 'tanh' }, 5))
  it('β = 0: the KL term has no gradient, only the reconstruction', () => check({ ...vae, beta: 0 }, 6))
})
