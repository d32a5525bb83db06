// The one reading of a number field's text: what was typed is read, never rewritten; a text
// that is not a number reads as NaN so the form's check can say so.
import { describe, expect, it } from 'vitest'
import { numberText, readNumber, stepped, textHolds } from '../../../src/renderer/lib/numberText'

describe('readNumber', () => {
  it('reads what a physicist types: exponents, signs, grouped digits, a typographic minus', () => {
    expect(readNumber('1e3')).toBe(1000)
    expect(readNumber('-5')).toBe(-5)
    expect(readNumber('−0.5')).toBe(-0.5)
    expect(readNumber('.25')).toBe(0.25)
    expect(readNumber('2.')).toBe(2)
    expect(readNumber('6.02E-23')).toBe(6.02e-23)
    expect(readNumber(' 10,000 ')).toBe(10000)
    expect(readNumber('1\u2009000')).toBe(1000)
    expect(readNumber('1_000_000')).toBe(1e6)
  })
  it('a text on its way to a number, or none at all, is NaN — never a part of it', () => {
    // What Chromium's number fields turned into 3 and 5 (issue 13, Medium 5).
    for (const t of ['1e', '-', 'e3', '1e3x', 'abc', '0x10', '1.2.3', '--5', 'Infinity', '1,5']) expect(readNumber(t), t).toBeNaN()
    expect(readNumber('')).toBeUndefined()
    expect(readNumber('   ')).toBeUndefined()
  })
})

describe('numberText and textHolds', () => {
  it('shows a value without float noise', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3')
    expect(numberText(0.02 * 2 - 1e-18)).toBe('0.04')
    expect(numberText(0.039999999999999994)).toBe('0.04')
    expect(numberText(1e-7)).toBe('1e-7')
    expect(numberText(Number.NaN)).toBe('')
    expect(numberText(undefined)).toBe('')
  })
  it('a text stands for the value it reads as, and any non-number text for NaN', () => {
    expect(textHolds('1e3', 1000)).toBe(true)
    expect(textHolds('1e', Number.NaN)).toBe(true)
    expect(textHolds('1e', 1)).toBe(false)
    expect(textHolds('', undefined)).toBe(true)
    expect(textHolds('', Number.NaN)).toBe(false)
    expect(textHolds('0.30', 0.3)).toBe(true)
  })
  it('arrow-key steps land on the step grid', () => {
    expect(stepped(0.1, 0.1, 1)).toBe(0.2)
    expect(stepped(0.2, 0.1, 1)).toBe(0.3)
    expect(stepped(0.3, 0.05, -1)).toBe(0.25)
    expect(stepped(7, 1, -1)).toBe(6)
  })
})
