// The 'rbm.complete' job: part of an input clamped, the rest sampled by Gibbs chains — the
// paper's "exactly analogous to corrupted input and associative memory in Hopfield networks".
// The host passes the stored machine and the items (prepareData(...).test of the run's params);
// or the params bring their own visible vector (a digit drawn in the panel).

import type { JobContext } from '../job'
import { checkChainCounts, loadMachine, rowDue, runChains, visibleMeans, type ChainsInit } from './chains'
import { clampVisible, createChains } from './gibbs'
import type { Rbm } from './model'
import type { CompletionMask, RbmCompleteParams, RbmCompleteResult } from './types'
import { offValue } from './units'
import { checkRows } from './validate'

/** Which visible units are clamped (1) for a mask over an image of rows × cols. */
export function completionMask(kind: CompletionMask, rows: number, cols: number, fraction: number, rng: { uniform(): number }): Uint8Array {
  const mask = new Uint8Array(rows * cols)
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < cols; x++) {
      const hidden =
        kind === 'top' ? y < rows / 2 : kind === 'bottom' ? y >= rows / 2 : kind === 'left' ? x < cols / 2 : kind === 'right' ? x >= cols / 2 : rng.uniform() < fraction
      mask[y * cols + x] = hidden ? 0 : 1
    }
  return mask
}

/** The item with its blanked units replaced by ⟨v⟩ over the chains, and how far that is from the truth. */
function completionOf(m: Rbm, means: Float32Array, chains: number, mask: Uint8Array, truth: Float32Array): { completion: Float32Array; blanked: number; wrong: number; se: number } {
  const completion = new Float32Array(m.nv)
  for (let i = 0; i < m.nv; i++) {
    if (mask[i]) {
      completion[i] = truth[i]
      continue
    }
    let s = 0
    for (let r = 0; r < chains; r++) s += means[r * m.nv + i]
    completion[i] = s / chains
  }
  let wrong = 0
  let blanked = 0
  let se = 0
  const mid = m.units === 'binary' ? 0.5 : 0
  for (let i = 0; i < m.nv; i++) {
    if (mask[i]) continue
    blanked++
    se += (completion[i] - truth[i]) ** 2
    if ((completion[i] > mid ? 1 : 0) !== (truth[i] > mid ? 1 : 0)) wrong++
  }
  return { completion, blanked, wrong, se }
}

export function runRbmCompletion(params: RbmCompleteParams, ctx: JobContext, init: ChainsInit = {}): RbmCompleteResult {
  checkChainCounts(params)
  const { m, meta } = loadMachine(init)
  const own = params.values
  if (!own && !init.rows) throw new Error('completion needs the items: the host passes the run’s test rows as init.rows')
  const rows = checkRows(own ? { n: 1, nv: own.length, V: Float32Array.from(own) } : init.rows!, m.units, own ? 'digit to complete' : 'items to complete', { nv: m.nv })
  const item = own ? 0 : params.item
  if (!Number.isInteger(item) || item < 0 || item >= rows.n) throw new Error(`item must be a whole number from 0 to ${rows.n - 1} (got ${item})`)
  const truth = rows.V.slice(item * m.nv, (item + 1) * m.nv)
  const mask = completionMask(params.mask, meta.imageRows, meta.imageCols, params.fraction, ctx.rng.fork(42))
  const ch = createChains(m, params.chains)
  // the blanked part starts off (a blank canvas: noise there would hold every hidden unit
  // off, and the chains would sit in that state); the clamped part is the item
  ch.V.fill(offValue(m.units))
  clampVisible(m, ch, mask, truth)
  const frameMeta = { kind: 'completion', chains: ch.n, imageRows: meta.imageRows, imageCols: meta.imageCols, units: m.units }
  const done = runChains(m, ch, params, ctx, frameMeta, (sweep) => {
    clampVisible(m, ch, mask, truth)
    if (!rowDue(sweep, params.sweeps)) return
    const c = completionOf(m, visibleMeans(m, ch), ch.n, mask, truth)
    ctx.emit(sweep, { errorRate: c.wrong / Math.max(1, c.blanked), mse: c.se / Math.max(1, c.blanked) })
  })
  // the completion: ⟨v⟩ over chains for the blanked units, the item where clamped
  const means = visibleMeans(m, ch)
  const { completion, blanked, wrong, se } = completionOf(m, means, ch.n, mask, truth)
  ctx.frame(completion, { ...frameMeta, chains: 1, sweep: done })
  ctx.artifact('completion', completion, { ...frameMeta, of: 'the item with its blanked units replaced by ⟨v⟩ over the chains' })
  // each chain's own completion: the average above can blur two different guesses into one
  for (let c = 0; c < ch.n; c++) for (let i = 0; i < m.nv; i++) if (mask[i]) means[c * m.nv + i] = truth[i]
  ctx.artifact('completion.chains', means, { ...frameMeta, of: 'each chain’s completion: the item where clamped, the chain’s ⟨v⟩ where blanked' })
  ctx.artifact('completion.mask', mask, { ...frameMeta, of: '1 = clamped (shown to the machine), 0 = blanked (sampled)' })
  ctx.artifact('completion.truth', truth, { ...frameMeta, of: 'the item as it was' })
  ctx.progress(1)
  return { sweeps: done, blankedUnits: blanked, wrongUnits: wrong, errorRate: wrong / Math.max(1, blanked), mse: se / Math.max(1, blanked) }
}
