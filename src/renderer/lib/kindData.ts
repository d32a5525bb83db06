// What the renderer reads back about a run (its params, its result) comes from outside: an
// event, or the store, possibly written by an older version of the lab. It is checked against
// the kind's own schemas before a panel sees it typed as that kind's params or result.

import { jobKinds, type KindName, type KindParams, type KindResult } from '../../shared/kinds'

/** The run's params as the kind's schema reads them (defaults filled in), or null when they do not fit. */
export function parseParams<K extends KindName>(kind: K, value: unknown): KindParams<K> | null {
  const r = jobKinds[kind].params.safeParse(value)
  return r.success ? (r.data as KindParams<K>) : null
}

/** The run's result as the kind's schema reads it, or null when there is none or it does not fit. */
export function parseResult<K extends KindName>(kind: K, value: unknown): KindResult<K> | null {
  if (value === null || value === undefined) return null
  const r = jobKinds[kind].result.safeParse(value)
  return r.success ? (r.data as KindResult<K>) : null
}
