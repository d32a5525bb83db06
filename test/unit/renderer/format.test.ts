import { describe, expect, it } from 'vitest'
import { fmtValue } from '../../../src/renderer/lib/format'

describe('fmtValue', () => {
  it('shows short arrays whole and long ones by their shape', () => {
    expect(fmtValue([1, -1, 1])).toBe('[1,-1,1]')
    expect(fmtValue(Array.from({ length: 4 }, () => new Array(120).fill(1)))).toBe('[4 × 120 numbers]')
    expect(fmtValue(new Int8Array(300))).toBe('[300 numbers]')
    expect(fmtValue({ a: 1 })).toBe('{"a":1}')
    expect(fmtValue(2.5)).toBe('2.5')
  })
})
