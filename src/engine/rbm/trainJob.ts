// The 'rbm.train' job: train a restricted Boltzmann machine (Sec. IV) on binarized digits or
// Ising configurations by CD-k, PCD-k or exact maximum likelihood, measuring it as it learns
// (reconstruction error, pseudo-likelihood, free-energy gap, and the exact log-likelihood or
// relative entropy when the machine is small enough to enumerate), then log Z exactly or by
// AIS for the test log-likelihood. Artifacts: the machine ('rbm') and a histogram of hidden
// activations; frames: the weights of every hidden unit as images.
//
// It diagnoses the printed-sign failure of Eqs. 28–30: the likelihood falling while the
// weights grow.

import type { JobContext } from '../job'
import { annealedImportanceSampling, baseRateBiases, type AisResult } from './ais'
import { canEnumerate, exactLogZ } from './exact'
import { fitOptions, fitRbm } from './fit'
import { prepareData, type PreparedData, type RbmInit } from './jobData'
import { compareWithIsing } from './learnedIsing'
import { freeEnergyGap, logLikelihood, meanAbsWeight, pseudoLikelihood, reconstructionError } from './measures'
import { hiddenField, toOnProbability } from './conditionals'
import { packRbm, randomRbm, type Rbm } from './model'
import { RBM_ARTIFACT, rbmArtifactMeta } from './artifact'
import type { RbmTrainControl, RbmTrainParams, RbmTrainResult } from './types'
import { checkCount } from './validate'

/** Rows used for each periodic measure (the first of the validation set). */
const MEASURE_ROWS = 1000
/** Multiply-adds per update allowed to exact maximum likelihood (src/shared/kinds/rbm.ts says the same). */
const EXACT_UPDATE_BUDGET = 5e7
/** Exact log-likelihood during training only when 2^min(n_v, n_h) is at most this. */
const EXACT_DURING_TRAINING = 2 ** 16

export function checkLearning(p: Pick<RbmTrainParams, 'k' | 'batchSize' | 'epochs' | 'hidden' | 'method'>): void {
  checkCount(p.k, 'Gibbs steps k')
  checkCount(p.batchSize, 'batch size')
  checkCount(p.epochs, 'epochs')
  checkCount(p.hidden, 'hidden units')
}

function measureRow(m: Rbm, d: PreparedData, ctx: JobContext<RbmTrainControl>, exactLL: boolean, p: RbmTrainParams): Record<string, number> {
  const rng = ctx.rng.fork(31)
  const nVal = Math.min(MEASURE_ROWS, d.val.n)
  const row: Record<string, number> = {
    reconstructionError: reconstructionError(m, d.val.V, nVal, rng, p.gibbsRule, p.statistics === 'samples'),
    pseudoLikelihood: pseudoLikelihood(m, d.val.V, nVal, rng),
    freeEnergyGap: freeEnergyGap(m, d.train.V, d.train.n, d.val.V, nVal),
    meanAbsWeight: meanAbsWeight(m)
  }
  if (exactLL) row.logLikelihood = logLikelihood(m, d.val.V, nVal, exactLogZ(m))
  if (d.exact) {
    const c = compareWithIsing(m, d.exact)
    row.kl = c.kl
    row.klSymmetrized = c.klSymmetrized
  }
  return row
}

/** Histogram (bins over [0, 1]) of P(h_j on | v) over the rows: are the hidden units used, saturated, or dead? */
export function hiddenActivationHistogram(m: Rbm, V: Float32Array, n: number, bins = 20): Float64Array {
  const P = new Float32Array(n * m.nh)
  hiddenField(m, V, n, P)
  toOnProbability(m.units, P, n * m.nh)
  const h = new Float64Array(bins)
  for (let k = 0; k < P.length; k++) h[Math.min(bins - 1, Math.floor(P[k] * bins))]++
  return h
}

export function runRbmTraining(params: RbmTrainParams, ctx: JobContext<RbmTrainControl>, init: RbmInit = {}): RbmTrainResult {
  checkLearning(params)
  const d = prepareData(params.data, params.units, init, ctx.rng.fork(1))
  const nv = d.train.nv
  if (params.method === 'exact' && !canEnumerate({ nv, nh: params.hidden }))
    throw new Error(`exact maximum likelihood needs a layer of at most 20 units (this machine has ${nv} visible and ${params.hidden} hidden)`)
  if (params.method === 'exact' && 2 ** Math.min(nv, params.hidden) * nv * params.hidden > EXACT_UPDATE_BUDGET)
    throw new Error(`exact maximum likelihood would sum over 2^${Math.min(nv, params.hidden)} states at every update: too slow for ${nv} × ${params.hidden} (use fewer hidden units, or CD / PCD)`)
  const m = randomRbm(nv, params.hidden, params.units, ctx.rng.fork(2), params.initStd)
  const exactLL = canEnumerate(m) && 2 ** Math.min(m.nv, m.nh) <= EXACT_DURING_TRAINING
  const perEpoch = Math.ceil(d.train.n / Math.min(params.batchSize, d.train.n))
  const total = perEpoch * params.epochs
  const every = params.measureEvery > 0 ? params.measureEvery : perEpoch
  ctx.log(`RBM ${nv} visible × ${params.hidden} hidden (${params.units}), ${params.method === 'exact' ? 'exact ML' : `${params.method.toUpperCase()}-${params.k}`}, on ${d.describe}`)

  const frameMeta = { kind: 'weights', hidden: m.nh, visible: m.nv, imageRows: d.imageRows, imageCols: d.imageCols }
  const history: Record<string, number>[] = []
  let lastMeasured = -1
  const measure = (updates: number, epochPos: number, lr: number): void => {
    const row = { ...measureRow(m, d, ctx, exactLL, params), lr, epoch: epochPos }
    ctx.emit(updates, row)
    history.push(row)
    lastMeasured = updates
    if (ctx.frameDue()) ctx.frame(m.W, frameMeta)
  }
  measure(0, 0, params.lr)
  const fit = fitRbm(m, d.train, fitOptions(params), ctx.rng.fork(3), {
    checkpoint: () => ctx.checkpoint(),
    afterUpdate: (updates, epochPos, lr) => {
      if (updates % every === 0) measure(updates, epochPos, lr)
      ctx.progress((0.9 * updates) / total, `epoch ${Math.ceil(epochPos)}/${params.epochs}`)
    }
  })
  if (fit.updates !== lastMeasured) measure(fit.updates, fit.updates / perEpoch, fit.lr)

  const result: RbmTrainResult = { updates: fit.updates, epochs: fit.epochs, stoppedByUser: fit.stopped, final: finite(history[history.length - 1]) }
  const scored = d.test ?? d.val
  const scoredName = d.test ? 'test' : 'validation'
  if (canEnumerate(m)) {
    const logZ = exactLogZ(m)
    result.logZ = logZ
    result.logZMethod = 'exact'
    result.logLikelihood = logLikelihood(m, scored.V, scored.n, logZ)
  } else if (params.ais) {
    const ais: AisResult = annealedImportanceSampling(
      m,
      { betas: params.ais.betas, chains: params.ais.chains, baseBias: baseRateBiases(m, d.train.V, d.train.n), onProgress: (f) => ctx.progress(0.9 + 0.1 * f, 'AIS of log Z') },
      ctx.rng.fork(4)
    )
    const F = -logLikelihood(m, scored.V, scored.n, 0)
    result.logZ = ais.logZ
    result.logZMethod = `AIS (${params.ais.betas} β, ${params.ais.chains} chains)`
    result.logZErr = ais.logZErr
    result.logZInterval = [Number.isFinite(ais.logZLow) ? ais.logZLow : null, ais.logZHigh]
    result.aisEffectiveSampleSize = ais.ess
    result.logLikelihood = -F - ais.logZ
    result.logLikelihoodErr = ais.logZErr
  }
  if (result.logLikelihood !== undefined) result.logLikelihoodOn = `${scored.n} ${scoredName} rows`
  if (d.exact) {
    const c = compareWithIsing(m, d.exact)
    result.kl = c.kl
    result.klSymmetrized = c.klSymmetrized
    result.machine = c.machine
  }
  const diagnosis = diagnose(history)
  if (diagnosis) {
    ctx.log(diagnosis)
    result.diagnosis = diagnosis
  }
  ctx.artifact(RBM_ARTIFACT, packRbm(m), { ...rbmArtifactMeta(m, d.imageRows, d.imageCols, d.describe) })
  const nHist = Math.min(MEASURE_ROWS, d.val.n)
  ctx.artifact('hiddenHistogram', hiddenActivationHistogram(m, d.val.V, nHist), { bins: 20, range: [0, 1], of: `P(h_j on | v) over ${nHist} validation rows × ${m.nh} hidden units` })
  ctx.progress(1)
  return result
}

/** A row without its non-finite entries (JSON has no NaN). */
const finite = (row: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(row).filter(([, v]) => Number.isFinite(v)))

/**
 * The failure of the printed sign, seen from the curves: the likelihood (exact, or the
 * pseudo-likelihood) falls from its first measure to its last while the weights grow several
 * times over. The correct rule makes the likelihood rise.
 */
export function diagnose(history: Record<string, number>[]): string | null {
  if (history.length < 3) return null
  const first = history[0]
  const last = history[history.length - 1]
  const key = last.logLikelihood !== undefined ? 'logLikelihood' : 'pseudoLikelihood'
  const what = key === 'logLikelihood' ? 'log-likelihood' : 'pseudo-likelihood'
  const fell = last[key] < first[key] - 1
  const grew = last.meanAbsWeight > 3 * Math.max(first.meanAbsWeight, 1e-3)
  if (!(fell && grew)) return null
  return `The ${what} fell from ${first[key].toFixed(2)} to ${last[key].toFixed(2)} nats while the mean |W| grew from ${first.meanAbsWeight.toPrecision(2)} to ${last.meanAbsWeight.toPrecision(2)}: the updates climb the relative entropy instead of descending it. This is what the sign of Eqs. 28–30 as printed does (ΔW = −⟨hv⟩clamped + ⟨hv⟩free, W ← W + ηΔW); the correct update is ΔW = ⟨hv⟩clamped − ⟨hv⟩free.`
}
