// The Boltzmann machine's acceptance figures (issue 11), on demand — minutes each, on one
// thread; not part of npm test. Each case prints its table to stderr and returns its headline:
//   rbm.quality.ais16      AIS (10,000 and 1,000 β, 100 chains, several seeds) against the exact
//                          log Z of a 784 × 16 digits machine (2¹⁶ hidden states summed);
//   rbm.quality.mnist256   784 × 256, CD-1 vs PCD-1 (lr 0.1 → 0, batch 100, 50 epochs), AIS test
//                          log-likelihood with its error and ESS, over seeds and β counts, and the
//                          fraction of near-blank dreams;
//   rbm.quality.movies     1,000 × 100 synthetic ratings: ±1 vs naive {0,1} vs popularity vs Bayes;
//   rbm.quality.thermo     L = 4, n_h = 16, T = 1.5 / 2.269 / 3.5, CD-1 / CD-10 / PCD-1 over seeds:
//                          exact KL raw and Z₂-symmetrised, P(M > 0), e, |m|, C, χ of samples vs
//                          exact; Z₂-symmetrised data at T = 1.5; the exact-ML floor at Tc;
//   rbm.quality.thermoZ2   T = 1.5 on symmetrised data with spin units, with and without biases;
//   rbm.quality.printed    the printed sign alone and with the printed Gibbs rule (Eqs. 25, 29–31
//                          as printed: sampled h, h′, v′), on Ising and digits: reconstruction
//                          error vs likelihood.
// Run: npm run bench -- --filter rbm.quality.thermo   (RBM_SEEDS=1,2,3 to change the seeds;
// for mnist256 also RBM_METHODS=pcd,cd and RBM_BETAS=1000,10000)

import type { BenchCase } from './harness'
import { binarizedTrainingDigits } from './rbm.bench'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeDigits } from '../src/engine/data/digits'
import { splitDataset } from '../src/engine/data/split'
import { localContext } from '../src/engine/localContext'
import { createRng } from '../src/engine/rng'
import { annealedImportanceSampling, baseRateBiases } from '../src/engine/rbm/ais'
import { binarizeDigits } from '../src/engine/rbm/digitsData'
import { runRbmDream } from '../src/engine/rbm/dreamJob'
import { exactLogZ } from '../src/engine/rbm/exact'
import { trainMachine } from '../src/engine/rbm/fit'
import { spinsToRows } from '../src/engine/rbm/isingData'
import { exactIsing, sampleExactIsing } from '../src/engine/rbm/isingExact'
import { compareWithIsing } from '../src/engine/rbm/learnedIsing'
import { logLikelihood, reconstructionError } from '../src/engine/rbm/measures'
import { randomRbm, type Rbm } from '../src/engine/rbm/model'
import { runRbmMovies } from '../src/engine/rbm/moviesJob'
import { runRbmThermodynamics } from '../src/engine/rbm/thermoJob'
import type { RbmRows } from '../src/engine/rbm/validate'
import { rbmMoviesParams } from '../src/shared/kinds/rbmMovies'
import { rbmThermoParams } from '../src/shared/kinds/rbmThermo'
import { rbmArtifactMeta } from '../src/engine/rbm/artifact'
import { packRbm } from '../src/engine/rbm/model'
import type { RbmLearning } from '../src/engine/rbm/types'

const say = (s: string): void => void process.stderr.write(s + '\n')
const seeds = (): number[] => (process.env.RBM_SEEDS ?? '1,2').split(',').map(Number)
const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : String(x))

let testRows: RbmRows | null = null
function testDigits(): RbmRows {
  if (testRows) return testRows
  const ds = decodeDigits(new Uint8Array(readFileSync(join(__dirname, '../resources/mnist/digits.bin'))))
  testRows = binarizeDigits(ds, splitDataset(ds.count).test)
  return testRows
}

const learn = (o: Partial<RbmLearning>): RbmLearning => ({
  hidden: 16,
  method: 'cd',
  k: 1,
  gibbsRule: 'standard',
  sign: 'correct',
  statistics: 'probabilities',
  biases: true,
  batchSize: 100,
  momentum: 0,
  l2: 0,
  epochs: 50,
  lr: 0.1,
  initStd: 0.01,
  schedule: { type: 'linear', finalLr: 0 },
  ...o
})

/** m trained in place on rows by the lab's training (the loop, as rbm.train runs it), from `seed`. */
const fit = (m: Rbm, rows: RbmRows, o: Partial<RbmLearning>, seed: number): void => void trainMachine(m, rows, learn(o), localContext(seed).ctx)

function trainDigits(nh: number, o: Partial<RbmLearning>, seed: number): Rbm {
  const d = binarizedTrainingDigits()
  const m = randomRbm(784, nh, 'binary', createRng(seed, 1), 0.01)
  fit(m, d, o, seed)
  return m
}

function aisRow(m: Rbm, betas: number, seed: number): { logZ: number; err: number; ess: number; low: number; high: number; secs: number } {
  const d = binarizedTrainingDigits()
  const t0 = performance.now()
  const r = annealedImportanceSampling(m, { betas, chains: 100, baseBias: baseRateBiases(m, d.V, d.n) }, createRng(seed, 77))
  return { logZ: r.logZ, err: r.logZErr, ess: r.ess, low: r.logZLow, high: r.logZHigh, secs: (performance.now() - t0) / 1000 }
}

const aisCase: BenchCase = {
  name: 'rbm.quality.ais16',
  unit: 'nats (largest |AIS − exact| at 10,000 β, PCD machine)',
  params: { visible: 784, hidden: 16, chains: 100 },
  repeats: 1,
  measure: () => {
    // PCD-1 (the acceptance figure) and CD-1: CD leaves a spurious mode (hidden units off,
    // visible noise) that a base-rate start never visits, so AIS misses part of Z there
    let worst = 0
    for (const method of ['pcd', 'cd'] as const) {
      const m = trainDigits(16, { method, epochs: 20 }, 1)
      const exact = exactLogZ(m)
      say(`784 × 16 digits machine (${method.toUpperCase()}-1, 20 epochs): exact log Z = ${f(exact, 4)}, test LL = ${f(logLikelihood(m, testDigits().V, testDigits().n, exact), 2)}`)
      for (const betas of [1000, 10000])
        for (const seed of betas === 10000 && method === 'cd' ? [1, 2] : [1, 2, 3]) {
          const r = aisRow(m, betas, seed)
          const covered = r.low <= exact && exact <= r.high
          if (betas === 10000 && method === 'pcd') worst = Math.max(worst, Math.abs(r.logZ - exact))
          say(`  AIS ${betas} β seed ${seed}: log Z − exact = ${f(r.logZ - exact, 3)} ± ${f(r.err, 3)} (3σ interval ${covered ? 'covers' : 'MISSES'} exact), ESS ${f(r.ess, 1)}, ${f(r.secs, 1)} s`)
        }
    }
    return worst
  }
}

const mnistCase: BenchCase = {
  name: 'rbm.quality.mnist256',
  unit: 'nats (PCD-1 mean AIS test log-likelihood)',
  params: { visible: 784, hidden: 256, epochs: 50, lr: '0.1 → 0', batch: 100 },
  repeats: 1,
  measure: () => {
    const test = testDigits()
    const pcd: number[] = []
    const methods = (process.env.RBM_METHODS ?? 'pcd,cd').split(',') as ('pcd' | 'cd')[]
    const betaCounts = (process.env.RBM_BETAS ?? '1000,10000').split(',').map(Number)
    for (const method of methods)
      for (const seed of seeds()) {
        const t0 = performance.now()
        const m = trainDigits(256, { method }, seed)
        const secs = (performance.now() - t0) / 1000
        const F = -logLikelihood(m, test.V, test.n, 0)
        const mse = reconstructionError(m, test.V, test.n, createRng(seed, 5))
        const { ctx } = localContext(seed)
        const dream = runRbmDream({ machine: { runId: 0 }, chains: 100, sweeps: 1000, start: 'noise', frameEvery: 1000, gibbsRule: 'standard' }, ctx, { machine: { data: packRbm(m), meta: { ...rbmArtifactMeta(m, 28, 28, 'digits') } } })
        say(`${method.toUpperCase()}-1 seed ${seed}: trained in ${f(secs, 0)} s, test reconstruction MSE ${f(mse, 4)}, near-blank dreams ${f(100 * (dream.nearBlankFraction as number), 0)} %`)
        for (const betas of betaCounts) {
          const r = aisRow(m, betas, seed)
          const ll = -F - r.logZ
          if (method === 'pcd' && betas === 10000) pcd.push(ll)
          say(`  AIS ${betas} β: test LL ${f(ll, 2)} ± ${f(r.err, 2)} nats (log Z ${f(r.logZ, 2)}, ESS ${f(r.ess, 1)} of 100, ${f(r.secs, 0)} s)`)
        }
      }
    return pcd.reduce((a, b) => a + b, 0) / pcd.length
  }
}

const moviesCase: BenchCase = {
  name: 'rbm.quality.movies',
  unit: 'held-out accuracy (±1 encoding)',
  params: { users: 1000, movies: 100, genres: 5, seen: 0.25, heldOut: 0.2, hidden: 20 },
  repeats: 1,
  measure: () => {
    const acc: number[] = []
    for (const seed of seeds()) {
      const { ctx } = localContext(seed)
      const r = runRbmMovies(rbmMoviesParams.parse({}), ctx)
      acc.push(r.accuracy_spin as number)
      say(`seed ${seed}: RBM ±1 ${f(r.accuracy_spin as number)}, naive {0,1} ${f(r.accuracy_naive as number)}, popularity ${f(r.popularityAccuracy as number)}, Bayes-optimal ${f(r.bayesOptimalAccuracy as number)} (expected ${f(r.bayesOptimalExpected as number)}) on ${r.heldOutRatings} held-out ratings`)
    }
    return acc.reduce((a, b) => a + b, 0) / acc.length
  }
}

const pct = (a: number, b: number): string => `${(100 * (a / b - 1)).toFixed(1)} %`

const thermoCase: BenchCase = {
  name: 'rbm.quality.thermo',
  unit: 'nats (worst exact KL at T ≥ 2.269)',
  params: { L: 4, hidden: 16, samples: 10000, epochs: 200, lr: '1 → 0', batch: 100 },
  repeats: 1,
  measure: () => {
    let worst = 0
    const configs: { label: string; method: 'cd' | 'pcd'; k: number; symmetrize: boolean; temps: number[] }[] = [
      { label: 'CD-1', method: 'cd', k: 1, symmetrize: false, temps: [1.5, 2.269, 3.5] },
      { label: 'CD-10', method: 'cd', k: 10, symmetrize: false, temps: [1.5, 2.269, 3.5] },
      { label: 'PCD-1', method: 'pcd', k: 1, symmetrize: false, temps: [1.5, 2.269, 3.5] },
      { label: 'CD-1, Z₂-symmetrised data', method: 'cd', k: 1, symmetrize: true, temps: [1.5] },
      { label: 'PCD-1, Z₂-symmetrised data', method: 'pcd', k: 1, symmetrize: true, temps: [1.5] }
    ]
    for (const c of configs)
      for (const seed of seeds()) {
        const p = rbmThermoParams.parse({ temperatures: c.temps, method: c.method, k: c.k, symmetrize: c.symmetrize, sampleChains: 4000, sampleSweeps: 1000 })
        const { ctx, record } = localContext(seed)
        const t0 = performance.now()
        runRbmThermodynamics(p, ctx)
        const secs = (performance.now() - t0) / 1000
        for (const r of record.rows) {
          if (r.T >= 2.2 && !c.symmetrize) worst = Math.max(worst, r.kl)
          say(
            `${c.label} seed ${seed} T ${r.T}: KL ${f(r.kl, 3)} (Z₂-sym ${f(r.klSymmetrized, 3)}), P(M>0) machine ${f(r.pPlus_machine, 2)} data ${f(r.pPlus_data, 2)}; samples vs exact: e ${pct(r.e_rbm, r.e_exact)}, |m| ${pct(r.absM_rbm, r.absM_exact)}, C ${pct(r.C_rbm, r.C_exact)}, χ ${pct(r.chi_rbm, r.chi_exact)}; training data vs exact: C ${pct(r.C_data, r.C_exact)}, χ ${pct(r.chi_data, r.chi_exact)}; machine exact: e ${pct(r.e_machine, r.e_exact)}, C ${pct(r.C_machine, r.C_exact)}, χ ${pct(r.chi_machine, r.chi_exact)} [${f(secs / record.rows.length, 0)} s per T]`
          )
        }
      }
    // the floor: exact maximum likelihood (full-batch exact gradient) on the same 10,000 samples at Tc
    for (const seed of seeds()) {
      const x = exactIsing(4, 2.269)
      const rng = createRng(seed, 100)
      const data = sampleExactIsing(x, 10000, rng.fork(1))
      const rows = spinsToRows(data, 10000, 16, 'binary')
      const m = randomRbm(16, 16, 'binary', rng.fork(2), 0.01)
      const t0 = performance.now()
      fit(m, rows, { method: 'exact', batchSize: 10000, epochs: 3000, lr: 1, momentum: 0.9 }, seed)
      say(`exact ML floor, seed ${seed}, T 2.269: KL ${f(compareWithIsing(m, x).kl, 4)} after 3,000 full-batch exact-gradient steps (${f((performance.now() - t0) / 1000, 0)} s)`)
    }
    return worst
  }
}

const thermoZ2Case: BenchCase = {
  name: 'rbm.quality.thermoZ2',
  unit: 'nats (worst exact KL at T = 1.5, spin units, Z₂-symmetrised data)',
  params: { L: 4, T: 1.5, hidden: 16, samples: '10,000 + their flips', epochs: 200, lr: '1 → 0', batch: 100 },
  repeats: 1,
  measure: () => {
    // Below Tc a {0,1} machine trained by CD or PCD puts its weight in one phase even on
    // symmetrised data (rbm.quality.thermo); spin units learn both, and without biases the
    // machine is exactly symmetric, like the Ising model at B = 0
    let worst = 0
    for (const [label, units, biases, method] of [
      ['CD-1, spin units', 'spin', true, 'cd'],
      ['CD-1, spin units, no biases', 'spin', false, 'cd'],
      ['PCD-1, spin units, no biases', 'spin', false, 'pcd']
    ] as const)
      for (const seed of seeds()) {
        const p = rbmThermoParams.parse({ temperatures: [1.5], units, biases, method, symmetrize: true, sampleChains: 4000, sampleSweeps: 1000 })
        const { ctx, record } = localContext(seed)
        runRbmThermodynamics(p, ctx)
        const r = record.rows[0]
        if (units === 'spin') worst = Math.max(worst, r.kl)
        say(`${label} seed ${seed} T 1.5: KL ${f(r.kl, 3)} (Z₂-sym ${f(r.klSymmetrized, 3)}), P(M>0) machine ${f(r.pPlus_machine, 2)}; samples vs exact: e ${pct(r.e_rbm, r.e_exact)}, |m| ${pct(r.absM_rbm, r.absM_exact)}, C ${pct(r.C_rbm, r.C_exact)}, χ ${pct(r.chi_rbm, r.chi_exact)}`)
      }
    return worst
  }
}

function isingRun(sign: 'correct' | 'printed', rule: 'standard' | 'printed', seed: number): { kl: number; mse0: number; mse: number; w: number } {
  const x = exactIsing(4, 2.269)
  const rng = createRng(seed, 200)
  const rows = spinsToRows(sampleExactIsing(x, 10000, rng.fork(1)), 10000, 16, 'binary')
  const m = randomRbm(16, 16, 'binary', rng.fork(2), 0.01)
  // Eq. 29 with sampled h, h′ and Eq. 31 with a sampled v′, by the run's own decision rule: the paper as printed
  const mse0 = reconstructionError(m, rows.V, 1000, rng.fork(4), rule, true)
  fit(m, rows, { sign, gibbsRule: rule, statistics: 'samples', lr: 1, epochs: 200 }, seed)
  let w = 0
  for (const v of m.W) w += Math.abs(v) / m.W.length
  return { kl: compareWithIsing(m, x).kl, mse0, mse: reconstructionError(m, rows.V, 1000, rng.fork(4), rule, true), w }
}

const printedCase: BenchCase = {
  name: 'rbm.quality.printed',
  unit: 'nats (Ising KL with the printed sign)',
  params: { ising: 'L = 4, T = 2.269, 16 hidden, CD-1, 200 epochs', digits: '784 × 16, CD-1, 10 epochs (exact log Z)' },
  repeats: 1,
  measure: () => {
    let printedKl = 0
    for (const [sign, rule] of [
      ['correct', 'standard'],
      ['printed', 'standard'],
      ['printed', 'printed'],
      ['correct', 'printed']
    ] as const) {
      const r = isingRun(sign, rule, 1)
      if (sign === 'printed' && rule === 'standard') printedKl = r.kl
      say(`Ising, sign ${sign}, Gibbs rule ${rule}: KL ${r.kl.toPrecision(3)} nats, reconstruction MSE ${f(r.mse0, 3)} → ${f(r.mse, 3)}, mean |W| ${r.w.toPrecision(3)}`)
    }
    const test = testDigits()
    for (const [sign, rule] of [
      ['correct', 'standard'],
      ['printed', 'standard'],
      ['printed', 'printed']
    ] as const) {
      const m0 = randomRbm(784, 16, 'binary', createRng(1, 1), 0.01)
      const mse0 = reconstructionError(m0, test.V, test.n, createRng(1, 5), rule, true)
      const m = trainDigits(16, { sign, gibbsRule: rule, statistics: 'samples', epochs: 10 }, 1)
      const ll = logLikelihood(m, test.V, test.n, exactLogZ(m))
      say(`digits 784 × 16, sign ${sign}, rule ${rule}: exact test LL ${ll.toPrecision(4)} nats, reconstruction MSE ${f(mse0, 3)} → ${f(reconstructionError(m, test.V, test.n, createRng(1, 5), rule, true), 3)}`)
    }
    return printedKl
  }
}

export const benches: BenchCase[] = [aisCase, mnistCase, moviesCase, thermoCase, thermoZ2Case, printedCase]
