// The autoencoder.train job end to end in the calling thread (localContext): what each kind of
// autoencoder reports and keeps, checked against truths that do not depend on the engine —
// tied matrices are transposes, a denoiser reduces the error of its noisy input, a VAE's ELBO
// is the sum of its two terms, anomalies are the held-out items, the pixel-mean baseline
// cannot see the sign-symmetric order of Ising configurations — and reproducibility.

import { describe, expect, it } from 'vitest'
import { runAutoencoderTraining, SPLIT_CODE } from '../../../src/engine/autoencoder/trainJob'
import type { AutoencoderTrainParams } from '../../../src/engine/autoencoder/types'
import { localContext } from '../../../src/engine/localContext'
import { autoencoderTrainParams, type AutoencoderTrainInput } from '../../../src/shared/kinds/autoencoder'
import { bundledDigits } from '../../helpers/bundledDigits'
import { smallIsingDataset } from './isingFixture'

const params = (p: AutoencoderTrainInput): AutoencoderTrainParams => autoencoderTrainParams.parse(p)
const oscillator = { source: 'oscillator' as const, count: 600, samples: 32 }

function run(p: AutoencoderTrainInput, seed = 1, init = {}) {
  const { ctx, record } = localContext(seed)
  const result = runAutoencoderTraining(params(p), ctx, init)
  return { result, record }
}

describe('reproducibility', () => {
  const p: AutoencoderTrainInput = { dataset: oscillator, encoder: [16], latent: 2, variational: true, epochs: 2, batchSize: 50, hiddenActivation: 'tanh' }
  it('the same params and seed give the same run (rows, result, every artifact); another seed another run', () => {
    const a = run(p, 5)
    const b = run(p, 5)
    expect(b.record.rows).toEqual(a.record.rows)
    expect(b.result).toEqual(a.result)
    expect([...b.record.artifacts.keys()]).toEqual([...a.record.artifacts.keys()])
    for (const [name, art] of a.record.artifacts) expect(Array.from(b.record.artifacts.get(name)?.data ?? []), name).toEqual(Array.from(art.data))
    expect(run(p, 6).record.rows).not.toEqual(a.record.rows)
  })
})

describe('live frames', () => {
  it('show eight validation items and, below them, their reconstructions by the network as it is', () => {
    const { ctx, record } = localContext(2, { keepFrames: true })
    runAutoencoderTraining(params({ dataset: oscillator, encoder: [8], latent: 2, epochs: 1, batchSize: 50 }), ctx, {})
    const f = record.lastFrame as Float32Array
    expect(f.length).toBe(2 * 8 * 32)
    // the top half is the items themselves: trajectories start at rest at x = 1
    for (let r = 0; r < 8; r++) expect(f[r * 32]).toBe(1)
    expect(Array.from(f.subarray(8 * 32))).not.toEqual(Array.from(f.subarray(0, 8 * 32)))
  })
})

describe('a VAE on oscillator trajectories', () => {
  it('reports reconstruction and KL as series, an ELBO of −(reconstruction + KL), the latent–parameter correlations and prior samples', () => {
    const { result: r, record } = run({ dataset: oscillator, encoder: [32], latent: 2, variational: true, beta: 2, epochs: 3, batchSize: 50, hiddenActivation: 'tanh' })
    expect(Object.keys(record.rows[0])).toEqual(['trainLoss', 'trainReconstruction', 'trainKl', 'valLoss', 'valReconstruction', 'valKl', 'lr', 'epoch'])
    for (const row of record.rows) expect(row.valLoss).toBeCloseTo(row.valReconstruction + 2 * row.valKl, 3) // β = 2
    const t = r.test as Record<string, number>
    expect(r.testElbo).toBeCloseTo(-(t.testReconstruction + t.testKl), 10)
    expect(r.architecture.outputActivation).toBe('linear') // 'auto' for trajectories
    const d = r.disentanglement
    expect(d?.physics).toEqual(['k/m', 'b/m', 'm', 'k', 'b'])
    expect(d?.correlation.length).toBe(2)
    for (const row of d?.correlation ?? []) for (const c of row) expect(Math.abs(c as number)).toBeLessThanOrEqual(1)
    expect(record.artifacts.get('ae.samples')?.data.length).toBe(64 * 32)
    expect(record.artifacts.get('ae.physics')?.data.length).toBe(r.data.analysis * 5)
    expect(r.data).toMatchObject({ kind: 'oscillator', count: 600, rows: 1, cols: 32, train: 480, val: 60, test: 60, analysis: 60 })
  })
})

describe('tied weights', () => {
  it('the stored decoder matrices are the encoder’s transposed, and the decoder trains only its biases besides', () => {
    const { result: r, record } = run({ dataset: oscillator, encoder: [12, 6], latent: 2, tied: true, epochs: 2, batchSize: 50 })
    const w = (l: number) => record.artifacts.get(`ae.weights.${l}`)?.data as Float32Array
    // layers: encoder 32→12, 12→6, 6→2; decoder 2→6, 6→12, 12→32
    const sizes = [32, 12, 6, 2, 6, 12, 32]
    for (let j = 0; j < 3; j++) {
      const e = w(3 - j) // the encoder layer the decoder layer 4 + j mirrors
      const d = w(4 + j)
      const nInE = sizes[2 - j]
      const nOutE = sizes[3 - j]
      for (let o = 0; o < nOutE; o++) for (let i = 0; i < nInE; i++) expect(d[i * nOutE + o]).toBe(e[o * nInE + i])
    }
    expect(r.parameterCount).toBe(32 * 12 + 12 + 12 * 6 + 6 + 6 * 2 + 2 + (6 + 12 + 32))
  })
})

describe('denoising', () => {
  it('trained on digits with 20 % of pixels flipped (x → 1 − x) and clean targets, it gives back digits far closer to the clean ones than its input', () => {
    const { result: r } = run({ dataset: { source: 'mnist' }, encoder: [64], latent: 16, noise: { type: 'flip', level: 0.2 }, epochs: 2, trainSize: 2000, lr: 3e-3 }, 1, { images: bundledDigits() })
    const d = r.denoising
    if (!d) throw new Error('no denoising report')
    expect(d.noise).toEqual({ type: 'flip', level: 0.2 })
    // flipping a fraction f of pixels costs f·⟨(1 − 2x)²⟩ ≈ 0.2 × 0.8 per pixel
    expect(d.noisyMse).toBeGreaterThan(0.13)
    expect(d.noisyMse).toBeLessThan(0.19)
    expect(d.denoisedMse).toBeLessThan(0.5 * d.noisyMse)
  })
})

describe('anomaly detection', () => {
  it('Ising: trained on T < 2 only, the disordered configurations reconstruct badly (AUC > 0.9); the pixel-mean baseline is blind (symmetrized data average to 0)', () => {
    const data = smallIsingDataset()
    const { result: r, record } = run({ dataset: { source: 'ising', runId: 1 }, encoder: [32], latent: 1, hiddenActivation: 'tanh', epochs: 10, batchSize: 32, anomaly: { normalBelowT: 2 } }, 1, { ising: data })
    const a = r.anomaly
    if (!a) throw new Error('no anomaly report')
    const T = record.artifacts.get('ae.T')?.data as Float64Array
    const split = record.artifacts.get('ae.split')?.data as Uint8Array
    for (let i = 0; i < T.length; i++) expect(split[i] === SPLIT_CODE.anomaly).toBe(T[i] >= 2)
    expect(a.anomalous).toBe(data.T.filter((t) => t >= 2).length)
    expect(a.auc).toBeGreaterThan(0.9)
    expect(Math.abs((a.baselineAuc as number) - 0.5)).toBeLessThan(0.15)
    expect(r.data.train).toBe(Array.from(record.artifacts.get('ae.split')?.data ?? []).filter((c) => c === SPLIT_CODE.train).length)
  })

  it('digits without 2: a 4-neuron bottleneck scores the unseen 2s higher than the pixel-mean baseline does (AUC)', () => {
    const { result: r } = run({ dataset: { source: 'mnist' }, encoder: [128], latent: 4, loss: 'bce', epochs: 2, trainSize: 3000, lr: 2e-3, anomaly: { heldOutClass: 2 } }, 1, { images: bundledDigits() })
    const a = r.anomaly
    if (!a) throw new Error('no anomaly report')
    expect(a.baselineAuc).toBeGreaterThan(0.6) // the baseline sees something: 2s differ from the mean digit
    expect(a.auc as number).toBeGreaterThan((a.baselineAuc as number) + 0.1)
  })

  it('digits: the held-out class is never trained on; every item of it is scored as an anomaly', () => {
    const images = bundledDigits()
    const { result: r, record } = run({ dataset: { source: 'mnist' }, encoder: [32], latent: 4, epochs: 1, trainSize: 1000, anomaly: { heldOutClass: 3 } }, 1, { images })
    const labels = record.artifacts.get('ae.labels')?.data as Uint8Array
    const split = record.artifacts.get('ae.split')?.data as Uint8Array
    for (let i = 0; i < labels.length; i++) expect(split[i] === SPLIT_CODE.anomaly).toBe(labels[i] === 3)
    expect(r.anomaly?.anomalous).toBe(images.labels.filter((l) => l === 3).length)
    expect(split.every((c) => c >= SPLIT_CODE.test)).toBe(true)
  })
})
