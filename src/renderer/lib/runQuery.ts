// The Runs panel's filters as the user sets them (text boxes, selects, dates) and the search
// they make (runs.find). Pure: unit-tested. The dates are the user's local days: "to" includes
// its whole day.

import type { MethodInput } from '../../shared/api'
import type { RunSort } from '../../shared/history'
import { jobKinds, isKindName } from '../../shared/kinds'
import type { RunStatus } from '../../shared/primitives'
import { z } from 'zod'

export const PAGE = 100

export interface FilterValues {
  text: string
  /** '' for every kind. */
  kind: string
  status: '' | RunStatus
  tags: string[]
  /** YYYY-MM-DD (local) or ''. */
  from: string
  to: string
  starred: boolean
  scratch: boolean
  /** A column ('created:desc', 'name:asc', …) or a final metric ('series:valAccuracy', 'result:testAccuracy'). */
  sort: string
  /** How a metric ranks: its last value or its best one, highest or lowest first. */
  metricOrder: 'last:desc' | 'last:asc' | 'max:desc' | 'min:asc'
}

export const DEFAULT_FILTERS: FilterValues = {
  text: '',
  kind: '',
  status: '',
  tags: [],
  from: '',
  to: '',
  starred: false,
  scratch: false,
  sort: 'created:desc',
  metricOrder: 'last:desc'
}

export const COLUMN_SORTS: { value: string; label: string }[] = [
  { value: 'created:desc', label: 'Newest first' },
  { value: 'created:asc', label: 'Oldest first' },
  { value: 'name:asc', label: 'Name' },
  { value: 'kind:asc', label: 'Kind' },
  { value: 'size:desc', label: 'Largest first' },
  { value: 'duration:desc', label: 'Longest first' }
]

export const METRIC_ORDERS: { value: FilterValues['metricOrder']; label: string }[] = [
  { value: 'last:desc', label: 'final value, highest first' },
  { value: 'last:asc', label: 'final value, lowest first' },
  { value: 'max:desc', label: 'highest value reached' },
  { value: 'min:asc', label: 'lowest value reached' }
]

/** The final metrics a kind's runs can be ranked by: its curves (not error bars or flags) and the numbers of its result. */
export function metricsOf(kind: string): { value: string; label: string }[] {
  if (!isKindName(kind)) return []
  const spec = jobKinds[kind]
  const series = spec.series.filter((s) => !/(Err|Converged|Flag)$/.test(s)).map((s) => ({ value: `series:${s}`, label: `${s} (curve)` }))
  const shape = (spec.result as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {}
  const results = Object.entries(shape)
    .filter(([k, t]) => t instanceof z.ZodNumber && !spec.series.includes(k))
    .map(([k]) => ({ value: `result:${k}`, label: `${k} (result)` }))
  return [...results, ...series]
}

/** A local day's start as an instant; `next` moves to the following day (an inclusive end). */
function dayStart(day: string, next = false): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return undefined
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (next ? 1 : 0))
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

export function sortOf(f: FilterValues): RunSort {
  const [by, rest] = f.sort.split(/:(.*)/s)
  if (by === 'series' && rest) {
    const [stat, dir] = f.metricOrder.split(':') as ['last' | 'max' | 'min', 'asc' | 'desc']
    return { by: 'series', name: rest, stat, dir }
  }
  if (by === 'result' && rest) return { by: 'result', key: rest, dir: f.metricOrder.endsWith('asc') ? 'asc' : 'desc' }
  const column = COLUMN_SORTS.find((c) => c.value === f.sort) ?? COLUMN_SORTS[0]
  const [b, dir] = column.value.split(':') as ['created', 'asc' | 'desc']
  return { by: b, dir }
}

export function findQuery(f: FilterValues, offset = 0, limit = PAGE): MethodInput<'runs.find'> {
  return {
    text: f.text.slice(0, 200),
    kinds: f.kind ? [f.kind] : [],
    statuses: f.status ? [f.status] : [],
    tags: f.tags,
    ...(dayStart(f.from) ? { from: dayStart(f.from) } : {}),
    ...(dayStart(f.to, true) ? { to: dayStart(f.to, true) } : {}),
    starred: f.starred,
    includeScratch: f.scratch,
    sort: sortOf(f),
    limit,
    offset
  }
}

const Stored = z.object({
  text: z.string().max(200).catch(''),
  kind: z.string().max(64).catch(''),
  status: z.enum(['', 'running', 'done', 'failed', 'cancelled', 'interrupted']).catch(''),
  tags: z.array(z.string().max(40)).max(16).catch([]),
  from: z.string().max(10).catch(''),
  to: z.string().max(10).catch(''),
  starred: z.boolean().catch(false),
  scratch: z.boolean().catch(false),
  sort: z.string().max(80).catch('created:desc'),
  metricOrder: z.enum(['last:desc', 'last:asc', 'max:desc', 'min:asc']).catch('last:desc')
})

/** Filters saved by an earlier session (localStorage is outside input too: anything odd falls back to the default). */
export function parseStoredFilters(text: string | null): FilterValues {
  if (!text) return { ...DEFAULT_FILTERS, tags: [] }
  try {
    return { ...DEFAULT_FILTERS, ...Stored.parse(JSON.parse(text)) }
  } catch {
    return { ...DEFAULT_FILTERS, tags: [] }
  }
}
