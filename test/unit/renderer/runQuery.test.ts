// The Runs panel's filters into a search: local days into instants (the end day included),
// the order chosen into a sort, the metrics a kind can be ranked by, and saved filters read
// back whatever is in localStorage.
import { describe, expect, it } from 'vitest'
import { DEFAULT_FILTERS, findQuery, metricsOf, PAGE, parseStoredFilters, sortOf } from '../../../src/renderer/lib/runQuery'
import { FindRunsInput } from '../../../src/shared/history'

describe('the search a set of filters makes', () => {
  it('is one the service accepts, dates as local days (the end day whole)', () => {
    const q = findQuery({ ...DEFAULT_FILTERS, text: 'binder', kind: 'ising.sweep', status: 'done', tags: ['L=32'], from: '2025-03-01', to: '2025-03-31', starred: true }, 200)
    expect(() => FindRunsInput.parse(q)).not.toThrow()
    expect(q).toMatchObject({ text: 'binder', kinds: ['ising.sweep'], statuses: ['done'], tags: ['L=32'], starred: true, offset: 200, limit: PAGE })
    expect(q.from).toBe(new Date(2025, 2, 1).toISOString())
    expect(q.to).toBe(new Date(2025, 3, 1).toISOString())
    expect(findQuery({ ...DEFAULT_FILTERS, from: 'not a date' })).not.toHaveProperty('from')
  })

  it('orders by a column, or ranks by a final metric', () => {
    expect(sortOf(DEFAULT_FILTERS)).toEqual({ by: 'created', dir: 'desc' })
    expect(sortOf({ ...DEFAULT_FILTERS, sort: 'size:desc' })).toEqual({ by: 'size', dir: 'desc' })
    expect(sortOf({ ...DEFAULT_FILTERS, sort: 'nonsense' })).toEqual({ by: 'created', dir: 'desc' })
    expect(sortOf({ ...DEFAULT_FILTERS, sort: 'series:valAccuracy', metricOrder: 'max:desc' })).toEqual({ by: 'series', name: 'valAccuracy', stat: 'max', dir: 'desc' })
    expect(sortOf({ ...DEFAULT_FILTERS, sort: 'result:testAccuracy', metricOrder: 'last:asc' })).toEqual({ by: 'result', key: 'testAccuracy', dir: 'asc' })
  })

  it("offers a kind's curves and the numbers of its result, not its error bars or flags", () => {
    const sweep = metricsOf('ising.sweep').map((m) => m.value)
    expect(sweep).toContain('series:chi')
    expect(sweep).toContain('result:measured')
    expect(sweep.some((v) => /Err$|Converged$|Flag$/.test(v))).toBe(false)
    expect(metricsOf('network.train').map((m) => m.value)).toContain('series:valAccuracy')
    expect(metricsOf('no.such.kind')).toEqual([])
  })

  it('reads saved filters back, falling back field by field on anything odd', () => {
    expect(parseStoredFilters(null)).toEqual(DEFAULT_FILTERS)
    expect(parseStoredFilters('{not json')).toEqual(DEFAULT_FILTERS)
    expect(parseStoredFilters('[1,2]')).toEqual(DEFAULT_FILTERS)
    expect(parseStoredFilters(JSON.stringify({ text: 'x', status: 'lost', tags: 'a', starred: true }))).toEqual({ ...DEFAULT_FILTERS, text: 'x', starred: true })
  })
})
