import { describe, expect, it } from 'vitest'
import { logTick, markerRows } from '../../../src/renderer/lib/chartText'

describe('marker labels', () => {
  it('labels that would overlap go to the next free row; others share a row', () => {
    // Tc at 100 px and the Binder crossing at 110 px: their labels overlap, so Binder goes one row up.
    const tc = { left: 103, right: 118 }
    const binder = { left: 113, right: 150 }
    const far = { left: 300, right: 330 }
    expect(markerRows([tc, binder, far])).toEqual([0, 1, 0])
    // Labels 4 px apart fit in one row.
    expect(markerRows([{ left: 0, right: 10 }, { left: 14, right: 20 }])).toEqual([0, 0])
    expect(markerRows([{ left: 0, right: 10 }, { left: 13, right: 20 }, { left: 5, right: 8 }])).toEqual([0, 1, 1])
  })
})

describe('log ticks', () => {
  it('label 1, 2 and 5 per decade, short, never "100,000.0"', () => {
    expect(logTick(100000)).toBe('1e5')
    expect(logTick(0.001)).toBe('0.001')
    expect(logTick(0.0001)).toBe('1e-4')
    expect(logTick(2)).toBe('2')
    expect(logTick(50)).toBe('50')
    expect(logTick(5000)).toBe('5000')
    expect(logTick(3)).toBe('')
    expect(logTick(0)).toBe('')
    // chart.js hands float values like 0.30000000000000004 for 3e-1: still no label (3 is not 1, 2, 5).
    expect(logTick(0.30000000000000004)).toBe('')
    expect(logTick(0.2 + 1e-17)).toBe('0.2')
  })
})
