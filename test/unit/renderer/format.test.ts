import { describe, expect, it } from 'vitest'
import { fmtDateTime, fmtRunChoice, fmtValue } from '../../../src/renderer/lib/format'

describe('fmtValue', () => {
  it('shows short arrays whole and long ones by their shape', () => {
    expect(fmtValue([1, -1, 1])).toBe('1, -1, 1')
    expect(fmtValue(Array.from({ length: 4 }, () => new Array(120).fill(1)))).toBe('[4 × 120 numbers]')
    expect(fmtValue(new Int8Array(300))).toBe('[300 numbers]')
    expect(fmtValue(2.5)).toBe('2.5')
  })

  it('writes lists comma-separated and objects as key: value lines, never raw JSON', () => {
    expect(fmtValue([784, 100, 10])).toBe('784, 100, 10')
    expect(fmtValue(['relu', 'softmax'])).toBe('relu, softmax')
    expect(fmtValue([[4, 4], [8, 8]])).toBe('(4, 4), (8, 8)')
    expect(fmtValue([])).toBe('none')
    expect(fmtValue({ a: 1 })).toBe('a: 1')
    expect(fmtValue({ Tmin: 1.6, Tmax: 3.2, points: 9 })).toBe('Tmin: 1.6\nTmax: 3.2\npoints: 9')
    expect(fmtValue({ range: { Tmin: 2, Tmax: 3 }, sizes: [4, 8] })).toBe('range:\n  Tmin: 2\n  Tmax: 3\nsizes: 4, 8')
    expect(fmtValue([{ L: 4 }, { L: 8 }])).toBe('L: 4\nL: 8')
  })
})

describe('fmtRunChoice', () => {
  it('names a run once, with its date only when the name carries none', () => {
    const at = '2026-12-07T16:40:00.000Z'
    expect(fmtRunChoice({ id: 3, name: 'CNN training 2026-12-07 16:40', createdAt: at })).toBe('#3 CNN training 2026-12-07 16:40')
    expect(fmtRunChoice({ id: 4, name: 'LeNet, 4 epochs', createdAt: at })).toBe(`#4 LeNet, 4 epochs (${fmtDateTime(at, false)})`)
  })
})
