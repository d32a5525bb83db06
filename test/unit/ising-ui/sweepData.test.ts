// The sweep view's data handling: rows of an 'ising.sweep' grouped into one curve per L,
// the CSV (one row per (T, L), every observable with its error), the value ± error format,
// the overlay grid, the form reader with the kind's own schema, and the stored-run rows.
import { describe, expect, it } from 'vitest'
import { binderCurves, flagReason, flaggedAround, fmtPM, overlayGrid, parseList, SWEEP_CSV_COLUMNS, sweepCsv, sweepCurves, type SweepRow } from '../../../src/renderer/lib/sweepData'
import { FormReader, issuesAt } from '../../../src/renderer/lib/formIssues'
import { isBudgetRefusal, rowsFromSeries } from '../../../src/renderer/lib/jobRows'
import { isingSweepParams } from '../../../src/shared/kinds/isingSweep'
import { LabError } from '../../../src/shared/errors'

/** A row as the sweep plan stores it, every column derived from (L, T) so each can be checked. */
function row(step: number, L: number, T: number): SweepRow {
  const r: Record<string, number> = { L, T }
  SWEEP_CSV_COLUMNS.forEach((k, j) => {
    if (k !== 'L' && k !== 'T') r[k] = L * 1000 + T * 10 + j
  })
  return { step, row: r }
}

// Cooling order (high T first) and parallel completion: the rows arrive out of order.
const rows: SweepRow[] = [row(4, 16, 2.5), row(0, 8, 2.5), row(1, 8, 2.0), row(5, 16, 2.0), row(2, 8, 1.5), row(3, 16, 1.5)]

describe('sweepCurves', () => {
  it('groups by L (rising) and sorts each curve by T, keeping every column aligned', () => {
    const c = sweepCurves(rows)
    expect(c.map((x) => x.L)).toEqual([8, 16])
    expect(c[0].T).toEqual([1.5, 2.0, 2.5])
    expect(c[1].T).toEqual([1.5, 2.0, 2.5])
    expect(c[1].step).toEqual([3, 5, 4])
    const j = SWEEP_CSV_COLUMNS.indexOf('chiErr')
    expect(c[1].v.chiErr).toEqual([16000 + 15 + j, 16000 + 20 + j, 16000 + 25 + j])
  })

  it('skips rows without L or T and fills a missing column with NaN', () => {
    const partial: SweepRow[] = [{ step: 0, row: { L: 8, T: 2, e: -1 } }, { step: 1, row: { e: -2 } }]
    const c = sweepCurves(partial)
    expect(c).toHaveLength(1)
    expect(c[0].v.e).toEqual([-1])
    expect(Number.isNaN(c[0].v.U4[0])).toBe(true)
  })

  it('binderCurves keeps only points with a finite U4 and error', () => {
    const r = [row(0, 8, 2), row(1, 8, 2.2), row(2, 8, 2.4)]
    r[1].row.U4Err = Number.NaN
    const [b] = binderCurves(sweepCurves(r))
    expect(b.T).toEqual([2, 2.4])
    expect(b.U4).toHaveLength(2)
  })
})

describe('sweepCsv', () => {
  it('has a header of L, T, each observable then its error, the τ columns, the trust flags and the replica-exchange columns', () => {
    const header = sweepCsv([]).trim()
    expect(header).toBe(
      'L,T,e,eErr,m,mErr,absM,absMErr,m2,m2Err,m4,m4Err,chi,chiErr,C,CErr,U4,U4Err,xi,xiErr,tauIntAbsM,tauIntE,' +
        'eConverged,mConverged,absMConverged,m2Converged,m4Converged,chiConverged,CConverged,U4Converged,xiConverged,tunnellings,tunnellingFlag,swapUp,roundTripTime'
    )
  })

  it('says why a flagged point cannot be trusted, and which flagged points lie next to a temperature', () => {
    const a = row(0, 8, 2)
    const b = row(1, 8, 2.5)
    for (const r of [a, b]) for (const k of SWEEP_CSV_COLUMNS) if (k.endsWith('Converged')) r.row[k] = 1
    Object.assign(a.row, { mConverged: 0, tunnellingFlag: 1, tunnellings: 3 })
    Object.assign(b.row, { U4Converged: 0, tunnellingFlag: 0, tunnellings: 400 })
    const [c] = sweepCurves([a, b])
    expect(flagReason(c, 'e', 0)).toBeNull()
    expect(flagReason(c, 'm', 0)).toMatch(/only 3 time\(s\).*replica exchange/)
    expect(flagReason(c, 'U4', 1)).toMatch(/binning error had not levelled off/)
    expect(flaggedAround([c], 'U4', 2.3)).toEqual([{ L: 8, T: 2.5 }])
    expect(flaggedAround([c], 'U4', 1.9)).toEqual([])
  })

  it('writes one line per (T, L), sizes rising, T rising within a size, values in full precision', () => {
    const lines = sweepCsv(rows).trim().split('\n')
    expect(lines).toHaveLength(1 + rows.length)
    const cells = lines.slice(1).map((l) => l.split(','))
    expect(cells.map((c) => [Number(c[0]), Number(c[1])])).toEqual([
      [8, 1.5],
      [8, 2],
      [8, 2.5],
      [16, 1.5],
      [16, 2],
      [16, 2.5]
    ])
    const j = SWEEP_CSV_COLUMNS.indexOf('U4')
    expect(Number(cells[4][j])).toBe(16000 + 20 + j)
    expect(cells.every((c) => c.length === SWEEP_CSV_COLUMNS.length)).toBe(true)
  })

  it('leaves a missing value empty rather than writing NaN', () => {
    const r = row(0, 8, 2)
    delete r.row.tauIntE
    const line = sweepCsv([r]).trim().split('\n')[1]
    expect(line.split(',')[SWEEP_CSV_COLUMNS.indexOf('tauIntE')]).toBe('')
    expect(line).not.toContain('NaN')
  })
})

describe('fmtPM', () => {
  it('rounds the error to two significant digits and the value to the same decimal', () => {
    expect(fmtPM(-1.4531234, 0.0123)).toBe('-1.453 ± 0.012')
    expect(fmtPM(0.61234, 0.0004567)).toBe('0.61234 ± 0.00046')
    expect(fmtPM(412.7, 23.4)).toBe('413 ± 23')
    expect(fmtPM(2.2392, 0.01)).toBe('2.239 ± 0.010')
  })
  it('shows a value without an error, and a dash for no value', () => {
    expect(fmtPM(1.23456789, Number.NaN)).toBe('1.2346')
    expect(fmtPM(Number.NaN, 0.1)).toBe('–')
    expect(fmtPM(undefined, undefined)).toBe('–')
  })
})

describe('overlayGrid', () => {
  it('spans [lo, hi], rises, and clusters points on both sides of Tc', () => {
    const tc = 2.269185
    const g = overlayGrid(1.5, 3.5, tc, 50)
    expect(g[0]).toBe(1.5)
    expect(g[g.length - 1]).toBe(3.5)
    for (let i = 1; i < g.length; i++) expect(g[i]).toBeGreaterThan(g[i - 1])
    expect(g.some((t) => t < tc && tc - t < 1e-3)).toBe(true)
    expect(g.some((t) => t > tc && t - tc < 1e-3)).toBe(true)
  })
  it('adds nothing near Tc when Tc is outside the range', () => {
    expect(overlayGrid(3, 4, 2.269, 11)).toHaveLength(11)
  })
})

describe('parseList', () => {
  it('reads commas, spaces and semicolons, and reports words that are not numbers', () => {
    expect(parseList(' 8, 16 32;64 ')).toEqual({ values: [8, 16, 32, 64], bad: [] })
    expect(parseList('8, x, 1e')).toEqual({ values: [8], bad: ['x', '1e'] })
  })
})

describe('FormReader with the ising.sweep schema', () => {
  const base = { sizes: [8], direction: 'cooling', carry: false, algorithm: 'metropolis', J: 1, B: 0, equilibrationSweeps: 10, measurementSweeps: 100, measureEvery: 1, start: 'random' }

  it('files the reversed-range message under "range" before anything is sent', () => {
    const r = new FormReader()
    expect(r.check(isingSweepParams, { ...base, range: { Tmin: 3, Tmax: 2, points: 5 } })).toBeNull()
    expect(issuesAt(r.issues, 'range').join(' ')).toMatch(/empty or reversed/)
  })

  it('files "Wolff needs B = 0" under B', () => {
    const r = new FormReader()
    expect(r.check(isingSweepParams, { ...base, algorithm: 'wolff', B: 0.2, range: { Tmin: 2, Tmax: 3, points: 5 } })).toBeNull()
    expect(issuesAt(r.issues, 'B').join(' ')).toMatch(/Wolff/)
  })

  it('refuses more than 1,000 points', () => {
    const r = new FormReader()
    r.check(isingSweepParams, { ...base, range: { Tmin: 2, Tmax: 3, points: 1001 } })
    expect(issuesAt(r.issues, 'range.points').join(' ')).toMatch(/1,000/)
  })

  it('says when a field is not a number, with its label and what was typed, and does not repeat the schema on that field', () => {
    const r = new FormReader({ 'range.Tmin': 'Tmin' })
    const Tmin = r.number('range.Tmin', 'two')
    expect(Tmin).toBeNaN()
    expect(r.check(isingSweepParams, { ...base, range: { Tmin, Tmax: 3, points: 5 } })).toBeNull()
    expect(issuesAt(r.issues, 'range.Tmin')).toEqual(['Tmin must be a number (got “two”)'])
  })

  it('names fields by their labels and says what is allowed, with the value that is not', () => {
    const r = new FormReader({ measurementSweeps: 'Measurement sweeps', sizes: 'Sizes L', 'range.points': 'Points' })
    r.check(isingSweepParams, { ...base, sizes: [8, 2000], measurementSweeps: 2.5, range: { Tmin: 2, Tmax: 3, points: 0 } })
    expect(r.issues).toEqual({
      'sizes.1': ['Sizes L, value 2 must be at most 1,024 (got 2,000)'],
      measurementSweeps: ['Measurement sweeps must be a whole number (got 2.5)'],
      'range.points': ['Points must be at least 1 (got 0)']
    })
  })

  it('says an emptied field is empty', () => {
    const r = new FormReader({ J: 'Coupling J' })
    expect(r.number('J', '  ')).toBeUndefined()
    expect(r.issues.J).toEqual(['Coupling J is empty: enter a number'])
    expect(new FormReader().number('J', '', { optional: true })).toBeUndefined()
  })

  it('reads thousands separators and returns the parsed params with defaults when all is well', () => {
    const r = new FormReader()
    const meas = r.number('measurementSweeps', '10,000')
    expect(meas).toBe(10000)
    const p = r.check(isingSweepParams, { sizes: [8, 16], range: { Tmin: 1.5, Tmax: 3.5, points: 21 }, measurementSweeps: meas })
    expect(p).not.toBeNull()
    expect(p?.algorithm).toBe('metropolis')
    expect(p?.equilibrationSweeps).toBe(1000)
  })
})

describe('stored-run rows and the budget refusal', () => {
  it('rowsFromSeries gives one row per step, leaving out the NaN a step lacks', () => {
    const rows = rowsFromSeries({
      steps: Float64Array.of(0, 1),
      values: { L: Float64Array.of(8, 16), U4: Float64Array.of(0.5, Number.NaN) },
      total: 2
    })
    expect(rows).toEqual([
      { step: 0, row: { L: 8, U4: 0.5 } },
      { step: 1, row: { L: 16 } }
    ])
  })

  it('recognises the service’s budget refusal and nothing else', () => {
    expect(isBudgetRefusal(new LabError('invalid', 'beyond the budget', ['confirm: required for work beyond the budget']))).toBe(true)
    expect(isBudgetRefusal(new LabError('invalid', 'bad', ['range: reversed']))).toBe(false)
    expect(isBudgetRefusal(new Error('confirm: no'))).toBe(false)
  })
})
