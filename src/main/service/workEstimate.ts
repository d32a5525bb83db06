// How long a job would take, from the kind's cost and a rate: measured from this data folder's
// own finished runs of the kind (the median of cost ÷ duration over the recent ones that ran
// long enough to time), or, before there is any, the kind's typical rate (its spec says where
// that was measured). The budget question states this time, not only the units of work.

import type { KindName, KindSpec } from '../../shared/kinds'
import type { WorkEstimate } from '../../shared/types'
import type { StoreClient } from '../store/storeClient'

/** Runs read for the measured rate: the newest finished ones. */
const RECENT_RUNS = 20
/** Shorter runs are mostly start-up and analysis: their rate says little about a long run. */
const MIN_TIMED_SECONDS = 2
/** Before any run is measured. */
const FALLBACK_RATE = 1e8

export async function estimateWork(store: StoreClient, spec: KindSpec<KindName>, params: Record<string, unknown>): Promise<WorkEstimate | null> {
  if (!spec.cost) return null
  const cost = spec.cost(params)
  const rates = await measuredRates(store, spec)
  const rate = rates.length > 0 ? median(rates) : (spec.typicalRate ?? FALLBACK_RATE)
  return {
    cost,
    workUnit: spec.workUnit ?? 'units of work',
    budget: spec.budget ?? null,
    rate,
    seconds: cost / rate,
    basis: rates.length > 0 ? { from: 'runs', runs: rates.length } : { from: 'typical' }
  }
}

async function measuredRates(store: StoreClient, spec: KindSpec<KindName>): Promise<number[]> {
  const cost = spec.cost
  if (!cost) return []
  const done = (await store.listRuns({ kind: spec.kind, limit: RECENT_RUNS })).filter((r) => r.status === 'done' && r.durationSeconds >= MIN_TIMED_SECONDS)
  const rates: number[] = []
  for (const r of done) {
    const detail = await store.getRun(r.id)
    const p = spec.params.safeParse(detail.params)
    if (!p.success) continue
    const units = cost(p.data)
    if (units > 0) rates.push(units / r.durationSeconds)
  }
  return rates
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
