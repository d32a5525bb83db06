import { describe, expect, it } from 'vitest'
import { parseSeed, seedOrProblem } from '../../../src/renderer/lib/seed'

describe('parseSeed: the seed field of every job form', () => {
  it('empty (or blank) asks for a random seed', () => {
    expect(parseSeed('')).toBeUndefined()
    expect(parseSeed('   ')).toBeUndefined()
  })

  it('takes the whole numbers 0 … 2³² − 1, spaces around allowed', () => {
    expect(parseSeed('0')).toBe(0)
    expect(parseSeed(' 42 ')).toBe(42)
    expect(parseSeed('4294967295')).toBe(2 ** 32 - 1)
  })

  it('refuses anything else in the words of the form', () => {
    for (const bad of ['4294967296', '-4', '1.5', '1e3', '0x10', 'seven', '4 2'])
      expect(() => parseSeed(bad), bad).toThrow('Seed must be empty (a random one) or a whole number from 0 to 4,294,967,295')
  })

  it('seedOrProblem adds the refusal to the list of problems of the form instead of throwing', () => {
    const problems = ['T must be > 0']
    expect(seedOrProblem(' 7 ', problems)).toBe(7)
    expect(seedOrProblem('', problems)).toBeUndefined()
    expect(problems).toEqual(['T must be > 0'])
    expect(seedOrProblem('-1', problems)).toBeUndefined()
    expect(problems).toEqual(['T must be > 0', 'Seed must be empty (a random one) or a whole number from 0 to 4,294,967,295'])
  })
})
