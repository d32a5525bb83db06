// The acceptance figures of issue 12, on demand (minutes of work on one thread; not part of
// `npm run bench` or `npm test`), with the panel's own presets run through the engine:
//   fig14    the Fig. 14 preset (400-256-64-1-64-256-400, tanh, Adam 1e-3, batch 64, 50 epochs)
//            on its dataset (4,000 L = 20 configurations over 1.5–3.5, generated with the same
//            seed), for each seed: |r(z, m)|, the per-T correlation of ⟨|z − z₀|⟩ with ⟨|m|⟩
//            (targets ≥ 0.95), the reconstruction MSE against mean(1 − m²), the Tc crossing;
//   anomaly  the anomaly preset (digits without one class): AUC of the reconstruction loss and
//            of the pixel-mean-distance baseline (the autoencoder must beat it); --classes all
//            for every held-out class;
//   vae      the VAE MNIST preset (2-D latent): test ELBO per digit (nats) and its two terms;
//   beta     the β-VAE oscillator preset at several β: the correlation of each latent mean
//            with k/m and b/m.
//   npx tsx bench/autoencoderAcceptance.ts [fig14|anomaly|vae|beta ...] [--seeds 1,2,3] [--classes all] [--json]

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeDigits } from '../src/engine/data/digits'
import { runIsingDataset } from '../src/engine/ising/dataset'
import { decodeIsingDataset } from '../src/engine/ising/datasetFormat'
import { localContext } from '../src/engine/localContext'
import { runAutoencoderTraining, type AutoencoderInit } from '../src/engine/autoencoder/trainJob'
import { autoencoderTrainParams, type AutoencoderTrainInput } from '../src/shared/kinds/autoencoder'
import { autoencoderPresets, FIG14_DATASET, type AutoencoderPreset } from '../src/shared/kinds/autoencoderPresets'
import { isingDatasetParams } from '../src/shared/kinds/isingDataset'

const arg = (name: string, d: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : d
}
const seeds = arg('seeds', '1,2,3').split(',').map(Number)
const json = process.argv.includes('--json')
const parts = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')))
const want = (p: string): boolean => parts.length === 0 || parts.includes(p)

const preset = (id: AutoencoderPreset['id']): AutoencoderPreset => autoencoderPresets.find((p) => p.id === id) as AutoencoderPreset
const fmt = (x: number | null | undefined, d = 3): string => (typeof x === 'number' ? x.toFixed(d) : '—')
const say = (line: string, data?: unknown): void => {
  if (json && data !== undefined) process.stdout.write(JSON.stringify(data) + '\n')
  else if (!json) console.log(line)
}

function train(input: AutoencoderTrainInput, seed: number, init: AutoencoderInit) {
  const t0 = performance.now()
  const { ctx, record } = localContext(seed)
  const result = runAutoencoderTraining(autoencoderTrainParams.parse(input), ctx, init)
  return { result, record, seconds: (performance.now() - t0) / 1000 }
}

let digitsCache: AutoencoderInit | null = null
const digits = (): AutoencoderInit => (digitsCache ??= { images: decodeDigits(new Uint8Array(readFileSync(join(__dirname, '../resources/mnist/digits.bin')))) })

if (want('fig14')) {
  const p = preset('fig14')
  say(`Fig. 14 preset: ${JSON.stringify(p.params)} on ${JSON.stringify(FIG14_DATASET)}`)
  for (const seed of seeds) {
    const t0 = performance.now()
    const gen = localContext(seed)
    runIsingDataset(isingDatasetParams.parse(FIG14_DATASET), gen.ctx)
    const ising = decodeIsingDataset(gen.record.artifacts)
    const made = (performance.now() - t0) / 1000
    const { result: r, seconds } = train({ ...p.params, dataset: { source: 'ising', runId: 1 } }, seed, { ising })
    const f = r.fig14
    if (!f) throw new Error('no Fig. 14 analysis')
    say(
      `  seed ${seed}: |r(z,m)| ${fmt(Math.abs(f.rZM ?? NaN))}  per-T corr ${fmt(f.perTCorrelation)}  MSE ${fmt(f.meanLoss, 4)} vs mean(1−m²) ${fmt(f.everySpinIsM, 4)}  ` +
        `Tc(latent) ${fmt(f.Tc)} ± ${fmt(f.TcError)}  Tc(⟨|m|⟩) ${fmt(f.TcFromM)} ± ${fmt(f.TcFromMError)}  (Onsager ${fmt(f.TcExact)})  ` +
        `dataset ${made.toFixed(0)} s, training ${seconds.toFixed(0)} s`,
      { part: 'fig14', seed, rZM: f.rZM, perTCorrelation: f.perTCorrelation, mse: f.meanLoss, everySpinIsM: f.everySpinIsM, Tc: f.Tc, TcError: f.TcError, TcFromM: f.TcFromM, TcFromMError: f.TcFromMError, seconds }
    )
  }
}

if (want('anomaly')) {
  const p = preset('anomaly')
  const classes = arg('classes', '') === 'all' ? Array.from({ length: 10 }, (_, k) => k) : [2]
  say(`Anomaly preset: ${JSON.stringify(p.params)}`)
  for (const k of classes)
    for (const seed of seeds.slice(0, 1)) {
      const { result: r, seconds } = train({ ...p.params, anomaly: { heldOutClass: k } }, seed, digits())
      const a = r.anomaly
      say(`  held out ${k}: AUC ${fmt(a?.auc)} vs pixel-mean baseline ${fmt(a?.baselineAuc)}  (${a?.normal} normal, ${a?.anomalous} anomalous; ${seconds.toFixed(0)} s)`, {
        part: 'anomaly',
        heldOut: k,
        seed,
        ...a
      })
    }
}

if (want('vae')) {
  const p = preset('vae-mnist')
  say(`VAE preset: ${JSON.stringify(p.params)}`)
  for (const seed of seeds) {
    const { result: r, seconds } = train(p.params, seed, digits())
    const t = r.test
    say(`  seed ${seed}: test ELBO ${fmt(r.testElbo, 1)} nats per digit = −(reconstruction ${fmt(t.testReconstruction, 1)} + KL ${fmt(t.testKl, 2)})  (${seconds.toFixed(0)} s)`, {
      part: 'vae',
      seed,
      testElbo: r.testElbo,
      ...t
    })
  }
}

if (want('beta')) {
  const p = preset('beta-vae-oscillator')
  say(`β-VAE preset: ${JSON.stringify(p.params)}`)
  for (const beta of [0.01, 0.03, 0.1, 0.3, 1]) {
    const { result: r, seconds } = train({ ...p.params, beta }, seeds[0], {})
    const d = r.disentanglement
    const rows = (d?.correlation ?? []).map((row, j) => `z${j + 1}: k/m ${fmt(row[0], 2)} b/m ${fmt(row[1], 2)} m ${fmt(row[2], 2)}`)
    say(`  β = ${beta}: ${rows.join(' | ')}  test recon ${fmt(r.test.testReconstruction, 3)} KL ${fmt(r.test.testKl, 2)}  (${seconds.toFixed(0)} s)`, { part: 'beta', beta, ...d, test: r.test })
  }
}
