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
import { jobPart } from '../jobPart'
import { annealedImportanceSampling, baseRateBiases, type AisResult } from './ais'
import { canEnumerate, exactLogZ } from './exact'
import { initialMachine, trainMachine } from './fit'
import { prepareData, type PreparedData, type RbmInit } from './jobData'
import { compareWithIsing } from './learnedIsing'
import { freeEnergyGap, logLikelihood, meanAbsWeight } from './measures'
import { hiddenField, toOnProbability } from './conditionals'
import { packRbm, type Rbm } from './model'
import { RBM_ARTIFACT, rbmArtifactMeta } from './artifact'
import type { RbmTrainControl, RbmTrainParams, RbmTrainResult } from './types'
import { checkCount } from './validate'

/** Rows used for each periodic measure (the first of the validation set). */
const MEASURE_ROWS = 1000
/** Multiply-adds per update allowed to exact maximum likelihood (src/shared/kinds/rbm.ts says the same). */
const EXACT_UPDATE_BUDGET = 5e7
/** Exact log-likelihood during training only when 2^min(n_v, n_h) is at most this. */
const EXACT_DURING_TRAINING = 2 ** 16
/** The stream of the AIS chains (fit.ts lists the training's). */
const AIS_STREAM = 7
/** Bins of the hidden activation histogram over [0, 1]. */
export const HISTOGRAM_BINS = 20
/** The metric column of bin k: the fraction of P(h_j on | v) in [k/20, (k+1)/20). */
export const histogramColumn = (k: number): string => `hiddenHistogram${k}`

export function checkLearning(p: Pick<RbmTrainParams, 'k' | 'batchSize' | 'epochs' | 'hidden' | 'method'>): void {
  checkCount(p.k, 'Gibbs steps k')
  checkCount(p.batchSize, 'batch size')
  checkCount(p.epochs, 'epochs')
  checkCount(p.hidden, 'hidden units')
}

/** The measures of a row besides the loop's validation metrics: the machine against its data as a whole. */
function wholeMachineMeasures(m: Rbm, d: PreparedData, nVal: number, exactLL: boolean, row: Record<string, number>): void {
  row.freeEnergyGap = freeEnergyGap(m, d.train.V, d.train.n, d.val.V, nVal)
  row.meanAbsWeight = meanAbsWeight(m)
  if (exactLL) row.logLikelihood = logLikelihood(m, d.val.V, nVal, exactLogZ(m))
  if (d.exact) {
    const c = compareWithIsing(m, d.exact)
    row.kl = c.kl
    row.klSymmetrized = c.klSymmetrized
  }
  const h = hiddenActivationHistogram(m, d.val.V, nVal, HISTOGRAM_BINS)
  h.forEach((count, k) => (row[histogramColumn(k)] = count / (nVal * m.nh)))
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
  const d = prepareData(params.data, params.units, init, ctx.rng)
  const nv = d.train.nv
  if (params.method === 'exact' && !canEnumerate({ nv, nh: params.hidden }))
    throw new Error(`exact maximum likelihood needs a layer of at most 20 units (this machine has ${nv} visible and ${params.hidden} hidden)`)
  if (params.method === 'exact' && 2 ** Math.min(nv, params.hidden) * nv * params.hidden > EXACT_UPDATE_BUDGET)
    throw new Error(`exact maximum likelihood would sum over 2^${Math.min(nv, params.hidden)} states at every update: too slow for ${nv} × ${params.hidden} (use fewer hidden units, or CD / PCD)`)
  const m = initialMachine(nv, params, params.units, ctx)
  const exactLL = canEnumerate(m) && 2 ** Math.min(m.nv, m.nh) <= EXACT_DURING_TRAINING
  const nVal = Math.min(MEASURE_ROWS, d.val.n)
  const measured = { n: nVal, nv, V: d.val.V.subarray(0, nVal * nv) }
  ctx.log(`RBM ${nv} visible × ${params.hidden} hidden (${params.units}), ${params.method === 'exact' ? 'exact ML' : `${params.method.toUpperCase()}-${params.k}`}, on ${d.describe}`)

  const weightsMeta = { kind: 'weights', hidden: m.nh, visible: m.nv, imageRows: d.imageRows, imageCols: d.imageCols }
  const history: Record<string, number>[] = []
  const fit = trainMachine(m, d.train, params, jobPart(ctx, { from: 0, to: 0.9 }), {
    measured,
    measureEvery: params.measureEvery,
    measureAtStart: true,
    rowExtras: (row) => {
      wholeMachineMeasures(m, d, nVal, exactLL, row)
      history.push(row)
    },
    frame: () => ctx.frame(m.W, weightsMeta)
  })

  const result: RbmTrainResult = { updates: fit.steps, epochs: fit.epochsRun, stoppedByUser: fit.stoppedByUser, final: finite(history[history.length - 1]) }
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
      ctx.rng.fork(AIS_STREAM)
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
  ctx.artifact('hiddenHistogram', hiddenActivationHistogram(m, measured.V, nVal, HISTOGRAM_BINS), { bins: HISTOGRAM_BINS, range: [0, 1], of: `P(h_j on | v) over ${nVal} validation rows × ${m.nh} hidden units` })
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
  const key = last.logLikelihood !== undefined ? 'logLikelihood' : 'valPseudoLikelihood'
  const what = key === 'logLikelihood' ? 'log-likelihood' : 'pseudo-likelihood'
  const fell = last[key] < first[key] - 1
  const grew = last.meanAbsWeight > 3 * Math.max(first.meanAbsWeight, 1e-3)
  if (!(fell && grew)) return null
  return `The ${what} fell from ${first[key].toFixed(2)} to ${last[key].toFixed(2)} nats while the mean |W| grew from ${first.meanAbsWeight.toPrecision(2)} to ${last.meanAbsWeight.toPrecision(2)}: the updates climb the relative entropy instead of descending it. This is what the sign of Eqs. 28–30 as printed does (ΔW = −⟨hv⟩clamped + ⟨hv⟩free, W ← W + ηΔW); the correct update is ΔW = ⟨hv⟩clamped − ⟨hv⟩free.`
}
