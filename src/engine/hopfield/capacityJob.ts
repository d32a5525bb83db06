// The 'hopfield.capacity' job: how many random patterns a net of N neurons holds. For each
// load α = p/N and trial it stores p random patterns with each rule and measures (1) the
// fraction of patterns that are exact fixed points of Eq. 2, (2) the fraction of stored bits
// that are unstable after one update (vs ½ erfc(√(N/2p))), (3) the mean final overlap of a
// recall started from a stored pattern with a fraction of its pixels flipped.

import type { JobContext } from '../job'
import { flipRandomPixels } from './corrupt'
import { relax } from './dynamics'
import { signOfField } from './energy'
import { randomPatterns } from './presets'
import { HopfieldState } from './state'
import { CRITICAL_ALPHA, oneStepErrorRate } from './theory'
import type { AlphaRange, HopfieldCapacityParams, HopfieldNet, LearningRule, PatternSet } from './types'
import { assertNoProblem, capacityProblem } from './validate'
import { learningBytes, learnWeights } from './weights'
import { F64, type MemoryTerms } from '../memory'

export type HopfieldCapacityResult = {
  N: number
  alphas: number[]
  p: number[]
  rules: LearningRule[]
  fixedFraction: Partial<Record<LearningRule, number[]>>
  meanOverlap: Partial<Record<LearningRule, number[]>>
  bitErrorRate: Partial<Record<LearningRule, number[]>>
  bitErrorTheory: number[]
  criticalAlpha: number
  /** Trials completed at each α (fewer than asked only when the run was stopped). */
  trialsDone: number[]
  stopped: boolean
}

export function alphaList(a: AlphaRange): number[] {
  if (Array.isArray(a)) return [...a]
  if (a.points === 1) return [a.from]
  // The grid's float noise (0.02 + 0.28·1/14 = 0.039999999999999994) is rounded away, so α is
  // stored, shown and exported as the load it is (0.04); p = round(αN) is unchanged by it.
  return Array.from({ length: a.points }, (_, k) => Number((a.from + ((a.to - a.from) * k) / (a.points - 1)).toPrecision(12)))
}

export function patternsAtLoad(alpha: number, N: number): number {
  return Math.max(1, Math.min(N, Math.round(alpha * N)))
}

/**
 * Stability of every stored pattern under one application of Eq. 2: how many patterns are
 * fixed points, and how many stored bits (of p·N) would flip.
 */
export function stability(net: HopfieldNet, P: PatternSet): { fixed: number; bitErrors: number } {
  const { N, W, b } = net
  const { p, data } = P
  const X = Float64Array.from(data)
  const errorsPer = new Int32Array(p)
  const h = new Float64Array(4)
  for (let i = 0; i < N; i++) {
    const row = i * N
    // Four patterns per pass over row i: each W_ij is loaded once for four dot products.
    for (let mu = 0; mu < p; mu += 4) {
      const n = Math.min(4, p - mu)
      const o0 = mu * N
      const o1 = (mu + Math.min(1, n - 1)) * N
      const o2 = (mu + Math.min(2, n - 1)) * N
      const o3 = (mu + Math.min(3, n - 1)) * N
      let h0 = 0
      let h1 = 0
      let h2 = 0
      let h3 = 0
      for (let j = 0; j < N; j++) {
        const w = W[row + j]
        h0 += w * X[o0 + j]
        h1 += w * X[o1 + j]
        h2 += w * X[o2 + j]
        h3 += w * X[o3 + j]
      }
      h[0] = h0
      h[1] = h1
      h[2] = h2
      h[3] = h3
      for (let k = 0; k < n; k++) if (signOfField(h[k] - b[i]) !== data[(mu + k) * N + i]) errorsPer[mu + k]++
    }
  }
  let fixed = 0
  let bitErrors = 0
  for (let mu = 0; mu < p; mu++) {
    bitErrors += errorsPer[mu]
    if (errorsPer[mu] === 0) fixed++
  }
  return { fixed, bitErrors }
}

/**
 * `alphaIndices`: measure only these loads of the list (increasing indices; all by default).
 * Each load draws from its own streams of the seed (2(a·trials + t) and the next, for load a
 * and trial t), so a subset — one shard of a cluster array job — gives exactly the figures the
 * whole run gives at those loads; the result's lists then hold those loads only.
 */
export function runHopfieldCapacity(params: HopfieldCapacityParams, ctx: JobContext, alphaIndices?: readonly number[]): HopfieldCapacityResult {
  assertNoProblem(capacityProblem(params))
  const { N, trials, rules } = params
  const all = alphaList(params.alphas)
  const indices = alphaIndices ?? all.map((_, a) => a)
  if (indices.some((a, i) => !Number.isInteger(a) || a < 0 || a >= all.length || (i > 0 && a <= indices[i - 1])))
    throw new Error(`load indices must increase within 0…${all.length - 1}`)
  const alphas = indices.map((a) => all[a])
  const ps = alphas.map((a) => patternsAtLoad(a, N))
  const result: HopfieldCapacityResult = {
    N,
    alphas,
    p: ps,
    rules: [...rules],
    fixedFraction: {},
    meanOverlap: {},
    bitErrorRate: {},
    bitErrorTheory: ps.map((p) => oneStepErrorRate(N, p)),
    criticalAlpha: CRITICAL_ALPHA,
    trialsDone: [],
    stopped: false
  }
  for (const r of rules) {
    result.fixedFraction[r] = []
    result.bitErrorRate[r] = []
    if (params.probes > 0) result.meanOverlap[r] = []
  }
  const b = new Float64Array(N)
  const totalWork = ps.reduce((s, p) => s + p, 0) * trials
  let work = 0

  for (let a = 0; a < alphas.length && !result.stopped; a++) {
    const p = ps[a]
    /** Its place in the whole list: its random streams and its step. */
    const global = indices[a]
    const fixed = new Float64Array(rules.length)
    const bitErr = new Float64Array(rules.length)
    const overlapSum = new Float64Array(rules.length)
    const probes = Math.min(params.probes, p)
    let done = 0
    for (let t = 0; t < trials; t++) {
      // Same patterns and same corrupted probes for every rule: the rules are compared pairwise.
      const stream = 2 * (global * trials + t)
      const P = randomPatterns(p, N, params.density, ctx.rng.fork(stream))
      rules.forEach((rule, r) => {
        const net: HopfieldNet = { N, W: learnWeights(rule, P), b }
        const st = stability(net, P)
        fixed[r] += st.fixed / p
        bitErr[r] += st.bitErrors / (p * N)
        const probeRng = ctx.rng.fork(stream + 1)
        for (let k = 0; k < probes; k++) {
          const s = P.data.slice(k * N, (k + 1) * N)
          flipRandomPixels(s, params.corruption, probeRng)
          const state = new HopfieldState(net, s)
          relax(state, { dynamics: 'async-random', T: 1, maxSweeps: params.maxSweeps, rng: probeRng })
          let m = 0
          for (let i = 0; i < N; i++) m += P.data[k * N + i] * state.s[i]
          overlapSum[r] += m // an integer: the mean is formed once, at the end
        }
      })
      done++
      work += p
      ctx.progress(work / totalWork, `α = ${alphas[a].toFixed(3)}, trial ${t + 1}/${trials}`)
      if (ctx.checkpoint() === 'stop') {
        result.stopped = true
        break
      }
    }
    const metrics: Record<string, number> = { alpha: alphas[a], p, bitErrorTheory: result.bitErrorTheory[a] }
    rules.forEach((rule, r) => {
      metrics[`fixedFraction_${rule}`] = fixed[r] / done
      metrics[`bitErrorRate_${rule}`] = bitErr[r] / done
      result.fixedFraction[rule]!.push(fixed[r] / done)
      result.bitErrorRate[rule]!.push(bitErr[r] / done)
      if (probes > 0) {
        const mean = overlapSum[r] / (N * probes * done)
        metrics[`meanOverlap_${rule}`] = mean
        result.meanOverlap[rule]!.push(mean)
      }
    })
    result.trialsDone.push(done)
    ctx.emit(global, metrics)
  }
  if (result.stopped) {
    result.bitErrorTheory = result.bitErrorTheory.slice(0, result.trialsDone.length)
    result.alphas = alphas.slice(0, result.trialsDone.length)
    result.p = ps.slice(0, result.trialsDone.length)
  }
  return result
}

/**
 * What the experiment holds at its largest load p: W of one rule and the previous W (not yet
 * collected), what the rule needs to learn, the patterns and stability's Float64 copy of
 * them, and a probe's running state.
 */
export function hopfieldCapacityMemory(p: HopfieldCapacityParams): MemoryTerms {
  const N = p.N
  const pMax = Math.max(...alphaList(p.alphas).map((a) => patternsAtLoad(a, N)))
  return {
    weights: 2 * F64 * N * N + Math.max(...p.rules.map((r) => learningBytes(r, pMax, N))),
    patterns: (1 + F64) * pMax * N + 8 * pMax,
    state: 12 * F64 * N
  }
}
