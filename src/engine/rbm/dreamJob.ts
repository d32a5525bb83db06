// The 'rbm.dream' job: free Gibbs chains of a trained machine from noise or from data — the
// machine "creates" data (Sec. IV: "generative meaning it can be used to create data"). The
// host passes the stored machine (artifact 'rbm' of a training run) and, to start from data,
// rows in the machine's units (prepareData(...).val of the run's own params and seed). Rows of
// the run: the fraction of units on and the mean free energy F(v) of the chains as they settle.

import type { JobContext } from '../job'
import { checkChainCounts, loadMachine, rowDue, runChains, visibleMeans, type ChainsInit } from './chains'
import { freeEnergies } from './freeEnergy'
import { createChains, randomizeVisible, type GibbsChains } from './gibbs'
import type { Rbm } from './model'
import type { RbmDreamParams, RbmDreamResult } from './types'
import { checkRows, type RbmRows } from './validate'

/** A dream whose mean on-probability is below this is counted near-blank (an empty canvas). */
export const NEAR_BLANK = 0.03

function startFromRows(m: Rbm, ch: GibbsChains, rows: RbmRows): void {
  for (let r = 0; r < ch.n; r++) {
    const src = (r % rows.n) * m.nv
    ch.V.set(rows.V.subarray(src, src + m.nv), r * m.nv)
  }
}

/** The fraction of units on in each chain's ⟨v⟩ (spins: (⟨v⟩ + 1)/2), chain by chain. */
function onFractions(m: Rbm, means: Float32Array, chains: number): Float64Array {
  const out = new Float64Array(chains)
  for (let r = 0; r < chains; r++) {
    let s = 0
    for (let i = 0; i < m.nv; i++) s += m.units === 'binary' ? means[r * m.nv + i] : (means[r * m.nv + i] + 1) / 2
    out[r] = s / m.nv
  }
  return out
}

const mean = (a: ArrayLike<number>): number => {
  let s = 0
  for (let k = 0; k < a.length; k++) s += a[k]
  return s / a.length
}

export function runRbmDream(params: RbmDreamParams, ctx: JobContext, init: ChainsInit = {}): RbmDreamResult {
  checkChainCounts(params)
  const { m, meta } = loadMachine(init)
  const ch = createChains(m, params.chains)
  if (params.start === 'data') {
    if (!init.rows) throw new Error('starting from data needs data rows: the host passes the run’s validation rows as init.rows')
    startFromRows(m, ch, checkRows(init.rows, m.units, 'starting data', { nv: m.nv }))
  } else randomizeVisible(m, ch, ctx.rng.fork(40))
  const frameMeta = { kind: 'dream', chains: ch.n, imageRows: meta.imageRows, imageCols: meta.imageCols, units: m.units }
  const F = new Float64Array(ch.n)
  const done = runChains(m, ch, params, ctx, frameMeta, (sweep) => {
    if (!rowDue(sweep, params.sweeps)) return
    freeEnergies(m, ch.V, ch.n, F)
    ctx.emit(sweep, { meanOn: mean(onFractions(m, visibleMeans(m, ch), ch.n)), freeEnergy: mean(F) })
  })
  const means = visibleMeans(m, ch)
  const on = onFractions(m, means, ch.n)
  let blank = 0
  for (const f of on) if (f < NEAR_BLANK) blank++
  ctx.frame(means, { ...frameMeta, sweep: done })
  ctx.artifact('dreams', means, { ...frameMeta, sweeps: done, of: '⟨v⟩ of each chain after its last sweep, chain after chain' })
  ctx.artifact('dreams.samples', ch.V.slice(), { ...frameMeta, sweeps: done, of: 'the sampled visible states' })
  ctx.progress(1)
  return { sweeps: done, chains: ch.n, meanOn: mean(on), nearBlankFraction: blank / ch.n }
}
