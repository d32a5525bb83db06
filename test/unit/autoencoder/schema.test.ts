// The 'autoencoder.train' params: defaults, every refusal with its message (latent larger than
// the input, β < 0, NaN, losses and outputs that do not fit the data, tied weights that cannot
// be, memory), the presets, and that the engine's params type is the schema's output.

import { describe, expect, it } from 'vitest'
import { autoencoderTrainParams, dataFitIssues } from '../../../src/shared/kinds/autoencoder'
import { autoencoderPresets } from '../../../src/shared/kinds/autoencoderPresets'
import type { AutoencoderTrainParams } from '../../../src/engine/autoencoder/types'

const messages = (input: unknown): string[] => {
  const r = autoencoderTrainParams.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}
const osc = { source: 'oscillator', samples: 32 } as const

describe('autoencoder.train params', () => {
  it('fills defaults: a 784-256-2-256-784 autoencoder of the digits with Adam', () => {
    const p: AutoencoderTrainParams = autoencoderTrainParams.parse({})
    expect(p).toMatchObject({ dataset: { source: 'mnist' }, encoder: [256], latent: 2, outputActivation: 'auto', loss: 'mse', variational: false, beta: 1, optimizer: 'adam', lr: 1e-3, batchSize: 64 })
    expect(autoencoderTrainParams.parse({ dataset: { source: 'oscillator' } }).dataset).toEqual({
      source: 'oscillator',
      count: 5000,
      samples: 64,
      tMax: 10,
      mass: [0.8, 1.25],
      stiffness: [0.5, 4],
      damping: [0.05, 1],
      dataSeed: 1
    })
  })

  it('refuses a latent space larger than the input, β < 0, NaN anywhere, with the words of the form', () => {
    expect(messages({ latent: 65 }).join()).toMatch(/latent size must be at most 64/)
    expect(messages({ dataset: osc, latent: 33 })).toEqual(['latent: the latent size (33) is larger than the input (32 values): the latent space must be a bottleneck'])
    expect(messages({ beta: -0.5 })).toEqual(['beta: β must be ≥ 0 (it weighs the KL term of the loss)'])
    expect(messages({ lr: NaN }).join()).toMatch(/^lr:/)
    expect(messages({ dataset: { ...osc, tMax: NaN } }).join()).toMatch(/^dataset\.tMax:/)
    expect(messages({ encoder: [256, Infinity] }).join()).toMatch(/^encoder\.1:/)
    expect(messages({ noise: { type: 'flip', level: 1.5 } }).join()).toMatch(/noise level must be ≤ 1/)
    expect(messages({ extra: 1 }).join()).toMatch(/[Uu]nrecognized key/)
  })

  it('refuses losses and outputs the data cannot have', () => {
    expect(messages({ dataset: osc, loss: 'bce' }).join()).toMatch(/binary cross-entropy needs two-valued data/)
    expect(messages({ dataset: { source: 'ising', runId: 3 }, outputActivation: 'sigmoid' }).join()).toMatch(/cannot reproduce spins −1/)
    expect(messages({ dataset: { source: 'ising', runId: 3 }, loss: 'bce', outputActivation: 'sigmoid' }).join()).toMatch(/needs a tanh output/)
    expect(messages({ loss: 'bce', outputActivation: 'linear' }).join()).toMatch(/must be sigmoid \(pixels\) or tanh \(spins\)/)
    expect(messages({ loss: 'bce', outputActivation: 'tanh' }).join()).toMatch(/pixels in \[0, 1\] needs a sigmoid output/)
    expect(messages({ dataset: { source: 'ising', runId: 3 }, loss: 'bce' })).toEqual([]) // auto: tanh
    expect(messages({ dataset: osc, noise: { type: 'flip', level: 0.1 } }).join()).toMatch(/flip noise needs two-valued data/)
  })

  it('refuses tied weights that cannot be, anomaly rules that do not fit the data, a batch beyond the training items', () => {
    expect(messages({ tied: true, variational: true }).join()).toMatch(/tied weights need a plain autoencoder/)
    expect(messages({ tied: true, encoder: [256, 64], decoder: [256, 64] }).join()).toMatch(/mirrors the encoder: hidden widths \[64, 256\]/)
    expect(messages({ tied: true, encoder: [256, 64], decoder: [64, 256] })).toEqual([])
    expect(messages({ anomaly: { normalBelowT: 2 } }).join()).toMatch(/temperature threshold needs an Ising dataset/)
    expect(messages({ dataset: { source: 'ising', runId: 3 }, anomaly: { heldOutClass: 1 } }).join()).toMatch(/holding out a class needs labelled images/)
    expect(messages({ anomaly: { heldOutClass: 10 } }).join()).toMatch(/classes 0–9/)
    expect(messages({ batchSize: 4096, trainSize: 1000 })).toEqual(['batchSize: the batch size (4096) is larger than the 1000 training items'])
    expect(messages({ dataset: { ...osc, count: 100 }, batchSize: 100 }).join()).toMatch(/larger than the 80 training items/)
    expect(dataFitIssues(autoencoderTrainParams.parse({}), 400, 3200)).toEqual([])
  })

  it('every preset parses (Fig. 14 once its dataset run is filled in)', () => {
    expect(autoencoderPresets.map((p) => p.id)).toEqual(['fig14', 'mnist-2d', 'denoising', 'anomaly', 'vae-mnist', 'beta-vae-oscillator'])
    for (const pr of autoencoderPresets) {
      const params = pr.id === 'fig14' ? { ...pr.params, dataset: { source: 'ising', runId: 1 } } : pr.params
      expect(messages(params), pr.id).toEqual([])
    }
    const fig14 = autoencoderTrainParams.parse({ ...autoencoderPresets[0].params, dataset: { source: 'ising', runId: 1 } })
    expect([fig14.encoder, fig14.latent, fig14.hiddenActivation, fig14.lr, fig14.batchSize, fig14.epochs]).toEqual([[256, 64], 1, 'tanh', 1e-3, 64, 50])
  })
})
