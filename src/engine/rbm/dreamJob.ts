// The 'rbm.dream' job: free Gibbs chains of a trained machine from noise or from data — the
// machine "creates" data (Sec. IV: "generative meaning it can be used to create data"). The
// host passes the stored machine (artifact 'rbm' of a training run) and, to start from data,
// rows in the machine's units (prepareData(...).val of the run's own params and seed).

import type { JobContext } from '../job'
import { checkChainCounts, loadMachine, runChains, visibleMeans, type ChainsInit } from './chains'
import { createChains, randomizeVisible, type GibbsChains } from './gibbs'
import type { Rbm } from './model'
import type { RbmDreamParams } from './types'
import { checkRows, type RbmRows } from './validate'

/** A dream whose mean on-probability is below this is counted near-blank (an empty canvas). */
export const NEAR_BLANK = 0.03

function startFromRows(m: Rbm, ch: GibbsChains, rows: RbmRows): void {
  for (let r = 0; r < ch.n; r++) {
    const src = (r % rows.n) * m.nv
    ch.V.set(rows.V.subarray(src, src + m.nv), r * m.nv)
  }
}

export function runRbmDream(params: RbmDreamParams, ctx: JobContext, init: ChainsInit = {}): Record<string, unknown> {
  checkChainCounts(params)
  const { m, meta } = loadMachine(init)
  const ch = createChains(m, params.chains)
  if (params.start === 'data') {
    if (!init.rows) throw new Error('starting from data needs data rows: the host passes the run’s validation rows as init.rows')
    startFromRows(m, ch, checkRows(init.rows, m.units, 'starting data', { nv: m.nv }))
  } else randomizeVisible(m, ch, ctx.rng.fork(40))
  const frameMeta = { kind: 'dream', chains: ch.n, imageRows: meta.imageRows, imageCols: meta.imageCols }
  const done = runChains(m, ch, params, ctx, frameMeta)
  const means = visibleMeans(m, ch)
  let blank = 0
  let onSum = 0
  for (let r = 0; r < ch.n; r++) {
    let s = 0
    for (let i = 0; i < m.nv; i++) s += m.units === 'binary' ? means[r * m.nv + i] : (means[r * m.nv + i] + 1) / 2
    onSum += s / m.nv
    if (s / m.nv < NEAR_BLANK) blank++
  }
  ctx.frame(means, { ...frameMeta, sweep: done })
  ctx.artifact('dreams', means, { ...frameMeta, sweeps: done, of: '⟨v⟩ of each chain after its last sweep, chain after chain' })
  ctx.artifact('dreams.samples', ch.V.slice(), { ...frameMeta, sweeps: done, of: 'the sampled visible states' })
  ctx.progress(1)
  return { sweeps: done, chains: ch.n, meanOn: onSum / ch.n, nearBlankFraction: blank / ch.n }
}

