// The 'rbm.thermo' job, "learning thermodynamics" (Torlai & Melko 2016): one machine per
// temperature trained on Ising configurations, then sampled, and the thermodynamics of its
// samples (e, |m|, C, χ) set beside the training data's and the exact values. For L ≤ 4 the
// data are exact i.i.d. draws from the enumerated Boltzmann distribution and the machine's
// own distribution is enumerated too, giving the exact relative entropy (Eq. 27) raw and
// spin-flip symmetrised and the fraction of its weight in the M > 0 phase. For larger L the
// configurations come from a stored 'ising.dataset' run (the host decodes it into init).
// Several machines per temperature (`seeds`), each from its own streams: one lucky run is
// not a result (PCD in particular is seed-sensitive).

import type { IsingDataset } from '../ising/datasetFormat'
import type { JobContext } from '../job'
import { jobPart } from '../jobPart'
import { rbmArtifactMeta } from './artifact'
import { initialMachine, machineGenerators, trainMachine } from './fit'
import { createChains, downPass, randomizeVisible, upPass } from './gibbs'
import { datasetAtTemperature, rowsToSpins, spinsToRows, withSpinFlips } from './isingData'
import { exactIsing, sampleExactIsing, thermoOfDistribution, thermoOfSamples, type Thermo } from './isingExact'
import { compareWithIsing } from './learnedIsing'
import { packRbm } from './model'
import { checkLearning } from './trainJob'
import type { RbmThermoParams, RbmThermoResult, RbmTrainControl } from './types'
import { checkCount } from './validate'

export interface ThermoInit {
  isingDataset?: IsingDataset
}

const flat = (prefix: string, t: Thermo): Record<string, number> => ({
  [`e_${prefix}`]: t.e,
  [`absM_${prefix}`]: t.absM,
  [`C_${prefix}`]: t.C,
  [`chi_${prefix}`]: t.chi,
  [`pPlus_${prefix}`]: t.pPlus
})

/** Streams of a machine's generator besides its training's (fit.ts): its data and its samples. */
const DATA_STREAM = 21
const SAMPLE_STREAM = 22

export function runRbmThermodynamics(params: RbmThermoParams, ctx: JobContext<RbmTrainControl>, init: ThermoInit = {}): RbmThermoResult {
  checkLearning(params)
  checkCount(params.seeds, 'machines per temperature')
  if (params.temperatures.length === 0) throw new Error('give at least one temperature')
  const exactSource = params.source === 'exact'
  const L = exactSource ? params.L : init.isingDataset?.L
  if (!exactSource && !init.isingDataset) throw new Error('training on a stored Ising dataset needs it: the host decodes the run’s artifacts as init.isingDataset')
  if (L === undefined) throw new Error('the lattice size L is missing')
  const N = L * L
  if (params.method === 'exact' && N > 20 && params.hidden > 20) throw new Error('exact maximum likelihood needs a layer of at most 20 units')
  const machines = params.temperatures.length * params.seeds
  const rngs = machineGenerators(ctx, machines)
  const table: Record<string, number>[] = []
  let stoppedByUser = false
  for (let q = 0; q < machines && !stoppedByUser; q++) {
    const t = Math.floor(q / params.seeds)
    const seed = q % params.seeds
    const T = params.temperatures[t]
    const rng = rngs[q]
    const exact = exactSource ? exactIsing(L, T) : null
    const data = exact ? sampleExactIsing(exact, params.samples, rng.fork(DATA_STREAM)) : datasetAtTemperature(init.isingDataset!, T)
    const nData = data.length / N
    const rows = spinsToRows(params.symmetrize ? withSpinFlips(data) : data, (params.symmetrize ? 2 : 1) * nData, N, params.units)
    const share = 1 / machines
    const where = `T = ${T}${params.seeds > 1 ? `, machine ${seed + 1}/${params.seeds}` : ''}`
    // the machine's training as a part of the job: its own streams, its share of the progress, no rows of its own
    const part = jobPart(ctx, { from: q * share, to: (q + 0.9) * share, note: where, stepOffset: null, rng })
    const m = initialMachine(N, params, params.units, part)
    stoppedByUser = trainMachine(m, rows, params, part).stoppedByUser
    // sample the machine: independent chains from noise
    const ch = createChains(m, params.sampleChains)
    const srng = rng.fork(SAMPLE_STREAM)
    randomizeVisible(m, ch, srng)
    for (let s = 0; s < params.sampleSweeps; s++) {
      upPass(m, ch, srng, params.gibbsRule)
      downPass(m, ch, srng, params.gibbsRule)
    }
    const samples = rowsToSpins(ch.V, ch.n, N)
    const row: Record<string, number> = {
      T,
      seed,
      ...flat('data', thermoOfSamples(data, nData, L, T)),
      ...flat('rbm', thermoOfSamples(samples, ch.n, L, T))
    }
    if (exact) {
      const c = compareWithIsing(m, exact)
      Object.assign(row, flat('exact', thermoOfDistribution(exact, exact.p)), flat('machine', c.machine), { kl: c.kl, klSymmetrized: c.klSymmetrized })
    }
    ctx.emit(q, row)
    table.push(row)
    ctx.artifact(`rbm.T${t}${seed > 0 ? `.s${seed}` : ''}`, packRbm(m), { ...rbmArtifactMeta(m, L, L, `${nData} configurations at T = ${T}`), T, seed })
    ctx.progress((q + 1) * share)
  }
  return { temperatures: [...params.temperatures], table, stoppedByUser }
}
