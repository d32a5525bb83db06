// The Autoencoder builder's form: every preset reads back into exactly the preset's params
// (Fig. 14 also into the Ising dataset it generates), text fields are read with their own
// messages, and the schema's refusals are filed under the fields they concern.
import { describe, expect, it } from 'vitest'
import { defaultForm, describeShape, formFromPreset, GENERATE, readForm, runName } from '../../../src/renderer/lib/autoencoderForm'
import { autoencoderPresets, FIG14_DATASET } from '../../../src/shared/kinds/autoencoderPresets'
import { autoencoderTrainParams } from '../../../src/shared/kinds/autoencoder'
import { isingDatasetParams } from '../../../src/shared/kinds/isingDataset'

describe('presets', () => {
  it('every preset becomes a form that reads back into the preset’s own params', () => {
    for (const p of autoencoderPresets) {
      const r = readForm(formFromPreset(p))
      expect(r.issues, p.id).toEqual({})
      const dataset = p.generate ? { source: 'ising', runId: 1 } : p.params.dataset
      expect(r.params, p.id).toEqual(autoencoderTrainParams.parse({ ...p.params, dataset }))
      expect(r.generate, p.id).toEqual(p.generate ? isingDatasetParams.parse(FIG14_DATASET) : null)
    }
  })
  it('Fig. 14 generates 4,000 configurations of L = 20 over 1.5–3.5 and trains 400-256-64-1-64-256-400', () => {
    const f = formFromPreset(autoencoderPresets[0])
    expect(f.isingRun).toBe(GENERATE)
    const r = readForm(f)
    expect(r.generate).toMatchObject({ L: 20, range: { Tmin: 1.5, Tmax: 3.5, points: 20 }, samples: 200 })
    const p = r.params!
    expect(describeShape(400, p.encoder, p.latent, p.decoder, p.variational)).toBe('400–256–64–1–64–256–400')
    expect(runName(p, 400)).toBe('Autoencoder 400–256–64–1–64–256–400 · Ising')
  })
  it('a stored dataset chosen instead of generating one is named by its run', () => {
    const r = readForm({ ...formFromPreset(autoencoderPresets[0]), isingRun: '12' })
    expect(r.generate).toBeNull()
    expect(r.params?.dataset).toEqual({ source: 'ising', runId: 12 })
  })
})

describe('reading the fields', () => {
  it('widths are read from a list, each checked; words that are not numbers say so', () => {
    const ok = readForm({ ...defaultForm(), encoder: '512, 128  32', decoder: '32–128–512' })
    expect(ok.params?.encoder).toEqual([512, 128, 32])
    expect(ok.params?.decoder).toEqual([32, 128, 512])
    const bad = readForm({ ...defaultForm(), encoder: '256, x', latent: '2.5', seed: '-4' })
    expect(bad.params).toBeNull()
    expect(bad.issues['encoder.1']).toEqual(['Encoder widths, value 2 must be a number (got “x”)'])
    expect(bad.issues.latent).toEqual(['Latent size must be a whole number (got 2.5)'])
    expect(bad.issues.seed?.[0]).toMatch(/^Seed must be empty/)
  })
  it('the schema’s refusals land on their fields: β < 0, a latent larger than the input, BCE on trajectories', () => {
    const vae = formFromPreset(autoencoderPresets.find((p) => p.id === 'vae-mnist')!)
    expect(readForm({ ...vae, beta: '-1' }).issues.beta).toEqual(['β must be at least 0 (got -1)'])
    const osc = formFromPreset(autoencoderPresets.find((p) => p.id === 'beta-vae-oscillator')!)
    expect(readForm({ ...osc, latent: '64', osc: { ...osc.osc, samples: '32' } }).issues.latent?.[0]).toMatch(/larger than the input \(32 values\)/)
    expect(readForm({ ...osc, loss: 'bce' }).issues.loss?.[0]).toMatch(/two-valued data/)
    // the dataset to generate is checked by its own kind's schema, under generate.*
    const fig = formFromPreset(autoencoderPresets[0])
    expect(readForm({ ...fig, gen: { ...fig.gen, L: '1' } }).issues['generate.L']?.[0]).toMatch(/L must be at least 2/)
    expect(readForm({ ...fig, gen: { ...fig.gen, L: '1' } }).params).toBeNull()
  })
  it('noise and anomaly rules go in only when chosen', () => {
    const f = defaultForm()
    expect(readForm(f).params?.noise).toBeUndefined()
    const r = readForm({ ...f, noiseType: 'mask', noiseLevel: '0.3', anomaly: 'class', heldOutClass: '4' })
    expect(r.params).toMatchObject({ noise: { type: 'mask', level: 0.3 }, anomaly: { heldOutClass: 4 } })
  })
})
