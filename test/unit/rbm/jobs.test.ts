// The RBM jobs run through localContext, the way the worker runs them: params parsed by the
// kinds' zod schemas, the training curves, the stored machine read back by the dream and
// completion jobs, reproducibility from the seed, the printed-sign diagnosis, and the
// thermodynamics and movie jobs on small problems with independent truth (the enumeration
// oracle; the popularity baseline).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { runIsingDataset } from '../../../src/engine/ising/dataset'
import { decodeIsingDataset } from '../../../src/engine/ising/datasetFormat'
import { isingDatasetParams } from '../../../src/shared/kinds/isingDataset'
import { decodeDigits } from '../../../src/engine/data/digits'
import { splitDataset } from '../../../src/engine/data/split'
import { localContext } from '../../../src/engine/localContext'
import { createRng } from '../../../src/engine/rng'
import { binarizeDigits } from '../../../src/engine/rbm/digitsData'
import { runRbmCompletion } from '../../../src/engine/rbm/completionJob'
import { runRbmDream } from '../../../src/engine/rbm/dreamJob'
import { rbmFromArtifact } from '../../../src/engine/rbm/artifact'
import { trainingRunRows } from '../../../src/engine/rbm/jobData'
import { logLikelihood } from '../../../src/engine/rbm/measures'
import { exactLogZ } from '../../../src/engine/rbm/exact'
import { runRbmMovies } from '../../../src/engine/rbm/moviesJob'
import { runRbmThermodynamics } from '../../../src/engine/rbm/thermoJob'
import { runRbmTraining } from '../../../src/engine/rbm/trainJob'
import { rbmCompleteParams, rbmDreamParams, rbmTrainParams, type RbmTrainInput } from '../../../src/shared/kinds/rbm'
import { rbmThermoParams } from '../../../src/shared/kinds/rbmThermo'
import { rbmMoviesParams } from '../../../src/shared/kinds/rbmMovies'

const digits = decodeDigits(new Uint8Array(readFileSync(join(__dirname, '../../../resources/mnist/digits.bin'))))

const train = (input: RbmTrainInput, seed = 1) => {
  const { ctx, record } = localContext(seed, { keepFrames: true })
  const result = runRbmTraining(rbmTrainParams.parse(input), ctx, { digits })
  return { result, record }
}

const ising3: RbmTrainInput = { data: { source: 'isingExact', L: 3, T: 2.5, samples: 5000 }, hidden: 12, lr: 1, momentum: 0.5, batchSize: 50, epochs: 30 }

describe('rbm.train', () => {
  it('on exact 3×3 Ising samples: the exact relative entropy falls, curves and the machine are stored', () => {
    const { result, record } = train(ising3)
    const kl = record.rows.map((r) => r.kl)
    expect(record.rows.length).toBe(31) // the start and every epoch
    expect(kl[0]).toBeGreaterThan(1)
    expect(kl.at(-1)!).toBeLessThan(0.05)
    for (const key of ['valReconstructionError', 'valPseudoLikelihood', 'freeEnergyGap', 'logLikelihood', 'klSymmetrized', 'meanAbsWeight', 'lr', 'epoch'])
      expect(Number.isFinite(record.rows[5][key]), key).toBe(true)
    expect(record.rows.at(-1)!.lr).toBeCloseTo(1 / 3000, 12) // linear decay to 0: the last of 3,000 updates
    const a = record.artifacts.get('rbm')!
    const { m } = rbmFromArtifact(a.data, a.meta)
    expect([m.nv, m.nh]).toEqual([9, 12])
    expect(result.logZMethod).toBe('exact')
    expect(result.kl).toBeCloseTo(kl.at(-1)!, 10)
    expect(Array.from(record.artifacts.get('hiddenHistogram')!.data).reduce((s, x) => s + x, 0)).toBe(1000 * 12)
    expect(record.frames).toBeGreaterThan(0)
  })
  it('same params and seed → the same run; another seed → another', () => {
    const a = train({ ...ising3, epochs: 3 }, 5)
    const b = train({ ...ising3, epochs: 3 }, 5)
    const c = train({ ...ising3, epochs: 3 }, 6)
    expect(b.record.rows).toEqual(a.record.rows)
    expect(b.record.artifacts.get('rbm')!.data).toEqual(a.record.artifacts.get('rbm')!.data)
    expect(c.record.artifacts.get('rbm')!.data).not.toEqual(a.record.artifacts.get('rbm')!.data)
  })
  it('the printed sign: the likelihood falls while the weights grow, and the run says why', () => {
    const { result, record } = train({ ...ising3, sign: 'printed', epochs: 10 })
    const ll = record.rows.map((r) => r.logLikelihood)
    expect(ll.at(-1)!).toBeLessThan(ll[0] - 1)
    expect(result.diagnosis).toMatch(/climb the relative entropy.*Eqs. 28–30/)
    expect(record.logs.some((l) => l.includes('as printed'))).toBe(true)
    const correct = train({ ...ising3, epochs: 10 })
    expect(correct.result.diagnosis).toBeUndefined()
  })
  it('both printed errors (sign and Gibbs rule, Eq. 29 with sampled h): the reconstruction error falls like a correct run, the relative entropy does not', () => {
    const paper = { ...ising3, statistics: 'samples' as const, epochs: 10 }
    const both = train({ ...paper, sign: 'printed', gibbsRule: 'printed' }).record.rows
    const ok = train(paper).record.rows
    expect(both.at(-1)!.valReconstructionError).toBeLessThan(0.5 * both[0].valReconstructionError)
    expect(both.at(-1)!.valReconstructionError).toBeLessThan(1.5 * ok.at(-1)!.valReconstructionError)
    expect(ok.at(-1)!.kl).toBeLessThan(0.1)
    expect(both.at(-1)!.kl).toBeGreaterThan(20 * ok.at(-1)!.kl)
  })
  it('spin units without biases: the machine is exactly spin-flip symmetric (raw KL = symmetrised KL, P(M>0) = P(M<0))', () => {
    const { result } = train({ ...ising3, units: 'spin', biases: false, epochs: 5 })
    const machine = result.machine as { pPlus: number; pMinus: number }
    expect(result.kl as number).toBeCloseTo(result.klSymmetrized as number, 10)
    expect(machine.pPlus).toBeCloseTo(machine.pMinus, 10)
    expect(result.kl as number).toBeLessThan(0.1)
    const withBiases = train({ ...ising3, units: 'spin', epochs: 5 }).result
    expect(Math.abs((withBiases.kl as number) - (withBiases.klSymmetrized as number))).toBeGreaterThan(1e-6)
  })
  it('live lr control and stop', () => {
    const { ctx, record } = localContext<{ lr?: number }>(1, { controls: [null, { lr: 0.01 }, null, null, 'stop'] })
    const r = runRbmTraining(rbmTrainParams.parse({ ...ising3, schedule: { type: 'constant' } }), ctx, {})
    expect(r.stoppedByUser).toBe(true)
    expect(r.updates).toBe(4)
    expect(record.rows.at(-1)!.lr).toBe(0.01)
  })
})

describe('rbm.train and rbm.thermo on a stored ising.dataset run (8×8, written and decoded by the real format)', () => {
  const { ctx, record } = localContext(9)
  runIsingDataset(isingDatasetParams.parse({ L: 8, temperatures: [3.5], samples: 400 }), ctx)
  const dataset = decodeIsingDataset(record.artifacts)
  it('trains on the configurations at the asked temperature and refuses one the dataset lacks', () => {
    const { ctx: c } = localContext(1)
    const r = runRbmTraining(rbmTrainParams.parse({ data: { source: 'isingDataset', runId: 1, T: 3.5 }, hidden: 16, lr: 0.1, batchSize: 20, epochs: 2, ais: null }), c, { isingDataset: dataset })
    expect(r.updates).toBe(2 * 18) // 360 training configurations (a fixed 90 %) in batches of 20
    expect(() => runRbmTraining(rbmTrainParams.parse({ data: { source: 'isingDataset', runId: 1, T: 2 }, hidden: 4, epochs: 1 }), localContext(1).ctx, { isingDataset: dataset })).toThrow(
      /no configurations at T = 2 \(it has 3.5\)/
    )
  })
  it('thermodynamics against the data where no exact values exist', () => {
    const { ctx: c, record: rec } = localContext(1)
    runRbmThermodynamics(rbmThermoParams.parse({ source: { runId: 1 }, temperatures: [3.5], hidden: 16, epochs: 3, lr: 0.1, batchSize: 20, sampleChains: 50, sampleSweeps: 20 }), c, { isingDataset: dataset })
    const row = rec.rows[0]
    expect(row.e_data).toBeCloseTo(dataset.E.reduce((a, x) => a + x, 0) / dataset.count, 10)
    expect(row.kl).toBeUndefined()
    expect(Number.isFinite(row.e_rbm)).toBe(true)
  })
})

describe('digits: train, dream, complete', () => {
  // 784 × 12 on 1,000 digits: log Z exact (2¹² hidden states)
  const { result, record } = train({ data: { source: 'mnist', trainSize: 1000, binarization: 'threshold' }, hidden: 12, lr: 0.1, batchSize: 50, epochs: 4, ais: null })
  const machine = record.artifacts.get('rbm')!
  const split = splitDataset(digits.count)
  const test = binarizeDigits(digits, split.test)
  it('the host rebuilds the run’s rows from its params and seed (what dreaming from data and completion get)', () => {
    const p = { data: { source: 'isingExact' as const, L: 3, T: 2.5, samples: 50, symmetrize: false }, units: 'binary' as const }
    const { ctx, record: r } = localContext(7)
    runRbmTraining(rbmTrainParams.parse({ ...p, hidden: 4, epochs: 1, batchSize: 10 }), ctx)
    const val = trainingRunRows(p, 7, {}, 'val')
    const { m } = rbmFromArtifact(r.artifacts.get('rbm')!.data, r.artifacts.get('rbm')!.meta)
    // the run's last exact validation log-likelihood, recomputed on the rebuilt rows
    expect(val.n).toBe(1000)
    expect(logLikelihood(m, val.V, val.n, exactLogZ(m))).toBeCloseTo(r.rows.at(-1)!.logLikelihood, 10)
    expect(trainingRunRows(p, 7, {}, 'test').V).toEqual(val.V) // no test part: validation
    expect(trainingRunRows(p, 8, {}, 'val').V).not.toEqual(val.V)
    expect(m.nv).toBe(val.nv)
  })
  it('training raises the exact log-likelihood of the validation digits', () => {
    const ll = record.rows.map((r) => r.logLikelihood)
    expect(ll.at(-1)!).toBeGreaterThan(ll[0] + 100)
    expect(result.logLikelihood as number).toBeLessThan(0)
    expect(result.logLikelihoodOn).toBe('1000 test rows')
  })
  it('dreams: frames stream, samples are stored, shaped 28×28', () => {
    const { ctx, record: r } = localContext(3, { keepFrames: true })
    const out = runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 }, chains: 8, sweeps: 50, frameEvery: 10 }), ctx, { machine })
    expect(r.frames).toBeGreaterThanOrEqual(5)
    expect(r.lastFrame!.length).toBe(8 * 784)
    expect(r.artifacts.get('dreams')!.meta).toMatchObject({ imageRows: 28, imageCols: 28, chains: 8 })
    expect(out.sweeps).toBe(50)
    expect(out.meanOn as number).toBeGreaterThan(0.02)
  })
  it('completion of a half-blanked digit beats guessing "all off" and keeps the clamped half', () => {
    // a machine with more hidden units (64) for completion: 12 only draw the mean digit
    const machine = train({ data: { source: 'mnist', trainSize: 2000, binarization: 'threshold' }, hidden: 64, lr: 0.1, momentum: 0.5, batchSize: 50, epochs: 10, ais: null }).record.artifacts.get('rbm')!
    let better = 0
    for (const item of [0, 1, 2, 3, 4, 5]) {
      const { ctx, record: r } = localContext(4)
      const out = runRbmCompletion(rbmCompleteParams.parse({ machine: { runId: 1 }, item, mask: 'bottom', chains: 16, sweeps: 30 }), ctx, { machine, rows: test })
      const truth = test.V.subarray(item * 784, (item + 1) * 784)
      const done = r.artifacts.get('completion')!.data
      for (let i = 0; i < 392; i++) expect(done[i]).toBe(truth[i]) // the top half stays as it was
      // each chain's own completion keeps the top half too, and their average is the completion
      const each = r.artifacts.get('completion.chains')!.data
      expect(each.length).toBe(16 * 784)
      for (let i = 0; i < 784; i++) {
        let s = 0
        for (let c = 0; c < 16; c++) s += each[c * 784 + i]
        if (i < 392) expect(each[15 * 784 + i]).toBe(truth[i])
        expect(s / 16).toBeCloseTo(done[i], 5)
      }
      let on = 0
      for (let i = 392; i < 784; i++) on += truth[i]
      if ((out.errorRate as number) < on / 392) better++
    }
    expect(better).toBeGreaterThanOrEqual(5)
  })
})

describe('bad input: a clear message and nothing stored', () => {
  const machineOf = (): { data: Float32Array; meta: Record<string, unknown> } => {
    const { record } = train({ ...ising3, epochs: 1 })
    const a = record.artifacts.get('rbm')!
    return { data: a.data as Float32Array, meta: a.meta! }
  }
  const machine = machineOf()
  const rows = (V: number[], nv = 9) => ({ n: V.length / nv, nv, V: Float32Array.from(V) })
  const nine = (x: number) => Array.from({ length: 9 }, () => x)
  const cases: [string, () => unknown, RegExp][] = [
    ['non-binary data', () => runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 }, start: 'data' }), localContext(1).ctx, { machine, rows: rows([...nine(1), 0.5, ...nine(0).slice(1)]) }), /value 0.5 at sample 2, unit 1: a binary machine needs every value to be 0 or 1/],
    ['NaN', () => runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 }, start: 'data' }), localContext(1).ctx, { machine, rows: rows([NaN, ...nine(0).slice(1)]) }), /missing number \(NaN\) at sample 1, unit 1/],
    ['wrong shape', () => runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 }, start: 'data' }), localContext(1).ctx, { machine, rows: rows(nine(1).slice(0, 8), 8) }), /has 9 visible units but each sample of the starting data has 8 values/],
    ['empty', () => runRbmCompletion(rbmCompleteParams.parse({ machine: { runId: 1 } }), localContext(1).ctx, { machine, rows: rows([]) }), /items to complete is empty/],
    ['item out of range', () => runRbmCompletion(rbmCompleteParams.parse({ machine: { runId: 1 }, item: 3 }), localContext(1).ctx, { machine, rows: rows(nine(1)) }), /item must be a whole number from 0 to 0/],
    ['k < 1 past the schema', () => runRbmTraining({ ...rbmTrainParams.parse(ising3), k: 0 }, localContext(1).ctx), /Gibbs steps k must be a whole number ≥ 1/],
    ['a damaged machine', () => runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 } }), localContext(1).ctx, { machine: { data: machine.data.subarray(1), meta: machine.meta } }), /holds 128 numbers, 9 visible × 12 hidden units need 129/],
    ['a non-finite machine', () => runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 } }), localContext(1).ctx, { machine: { data: Float32Array.from(machine.data, (x, i) => (i === 3 ? Infinity : x)), meta: machine.meta } }), /non-finite parameter/],
    ['no machine', () => runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 } }), localContext(1).ctx, {}), /choose a trained machine/],
    ['no digits', () => runRbmTraining(rbmTrainParams.parse({}), localContext(1).ctx, {}), /needs the bundled digits/]
  ]
  for (const [what, run, message] of cases)
    it(what, () => {
      expect(run).toThrow(message)
    })
  it('a failing job emits no rows and stores no artifacts', () => {
    const { ctx, record } = localContext(1)
    expect(() => runRbmDream(rbmDreamParams.parse({ machine: { runId: 1 }, start: 'data' }), ctx, { machine, rows: rows([2, ...nine(0).slice(1)]) })).toThrow()
    expect(record.rows.length + record.artifacts.size + record.frames).toBe(0)
  })
  it('the schemas refuse what the form could send wrong, in its words', () => {
    const msg = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? '' : r.error!.issues.map((i) => i.message).join('; '))
    expect(msg(rbmTrainParams.safeParse({ k: 0 }))).toMatch(/Gibbs steps k must be at least 1/)
    expect(msg(rbmTrainParams.safeParse({ lr: 0 }))).toMatch(/learning rate must be > 0/)
    expect(msg(rbmTrainParams.safeParse({ method: 'exact', hidden: 256 }))).toMatch(/use at most 20 hidden units/)
    expect(msg(rbmTrainParams.safeParse({ method: 'exact', hidden: 16, data: { source: 'isingExact', L: 4, T: 2 } }))).toBe('') // 16 × 16: enumerable
    expect(msg(rbmTrainParams.safeParse({ method: 'exact', hidden: 12 }))).toBe('') // 784 × 12: 2¹² states per update
    expect(msg(rbmTrainParams.safeParse({ method: 'exact', hidden: 16 }))).toMatch(/sum over 2\^16 states at every update: too slow for 784 × 16/)
    expect(msg(rbmTrainParams.safeParse({ batchSize: 9000 }))).toMatch(/exceeds the 8000 training digits/)
    expect(msg(rbmTrainParams.safeParse({ data: { source: 'isingExact', L: 5, T: 2 } }))).toMatch(/up to 4×4/)
    expect(msg(rbmTrainParams.safeParse({ epochs: 2, learningRate: 1 }))).toMatch(/[Uu]nrecognized key/)
    expect(msg(rbmThermoParams.safeParse({ temperatures: [] }))).toMatch(/at least one temperature/)
    expect(msg(rbmMoviesParams.safeParse({ spec: { users: 5 } }))).toMatch(/at least 10 users/)
    expect(msg(rbmDreamParams.safeParse({ machine: { runId: 1 }, chains: 0 }))).toMatch(/at least 1 chain/)
  })
})

describe('rbm.thermo', () => {
  it('3×3 at T = 3.5: exact columns equal the oracle, the machine learns the lattice (KL < 0.05), samples agree', () => {
    const p = rbmThermoParams.parse({ L: 3, temperatures: [3.5], samples: 5000, hidden: 12, epochs: 30, lr: 1, momentum: 0.5, batchSize: 50, sampleChains: 2000, sampleSweeps: 50 })
    const { ctx, record } = localContext(2)
    runRbmThermodynamics(p, ctx)
    const row = record.rows[0]
    const o = isingEnumeration(3, 3.5)
    expect(row.e_exact).toBeCloseTo(o.energyPerSpin, 10)
    expect(row.absM_exact).toBeCloseTo(o.absMagnetization, 10)
    expect(row.C_exact).toBeCloseTo(o.specificHeat, 9)
    expect(row.kl).toBeLessThan(0.05)
    // a short run (30 epochs): the machine's own exact e within 10 %, |m| within 5 %
    expect(Math.abs(row.e_machine - row.e_exact)).toBeLessThan(0.1 * Math.abs(row.e_exact))
    expect(Math.abs(row.absM_machine - row.absM_exact)).toBeLessThan(0.05 * row.absM_exact)
    // 2,000 samples of the machine: e within 4 standard errors of the machine's exact e
    expect(Math.abs(row.e_rbm - row.e_machine)).toBeLessThan(4 * Math.sqrt((row.C_machine * 3.5 ** 2) / 9 / 2000))
    expect(record.artifacts.has('rbm.T0')).toBe(true)
  })
})

describe('rbm.movies', () => {
  it('spin encoding predicts held-out ratings better than popularity; naive {0,1} does not', () => {
    // 1,000 users: with 600 (and 6 hidden units) the margin over popularity held for 3 seeds in 6
    const p = rbmMoviesParams.parse({ spec: { users: 1000, movies: 40, genres: 3 }, hidden: 8, epochs: 15, lr: 0.05 })
    const { ctx, record } = localContext(3)
    const r = runRbmMovies(p, ctx)
    expect(r.accuracy_spin as number).toBeGreaterThan((r.popularityAccuracy as number) + 0.05)
    expect(r.accuracy_naive as number).toBeLessThan(r.popularityAccuracy as number)
    expect(r.bayesOptimalAccuracy as number).toBeGreaterThan(r.accuracy_spin as number)
    expect(record.artifacts.get('genres.spin')!.data.length).toBe(8 * 3)
  })
})

it('rng forks keep sub-tasks independent of order (sanity of the seed plumbing)', () => {
  expect(createRng(1).fork(3).nextU32()).toBe(createRng(1).fork(3).nextU32())
})
