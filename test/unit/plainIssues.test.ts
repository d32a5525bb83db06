// The words of a refusal from the service, the CLI and the store: every zod default said
// plainly, a schema's own sentence kept, and never zod's own English.

import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { validate } from '../../src/shared/validate'
import type { LabError } from '../../src/shared/errors'
import { isingSweepParams } from '../../src/shared/kinds/isingSweep'

function refusal(schema: z.ZodType, value: unknown): string[] {
  try {
    validate(schema, value, 'params')
  } catch (e) {
    return (e as LabError).issues ?? []
  }
  throw new Error('expected a refusal')
}

describe('plain refusals', () => {
  const schema = z.strictObject({
    steps: z.int().min(1).max(100_000),
    rate: z.number().positive(),
    names: z.array(z.string().min(1)).max(3),
    mode: z.enum(['fast', 'exact']),
    lr: z.number().refine((v) => v < 1, 'the learning rate must be below 1').optional()
  })
  const good = { steps: 10, rate: 1, names: ['a'], mode: 'fast' }

  it('says each kind of trouble in words, with numbers as people write them', () => {
    expect(refusal(schema, { ...good, steps: 200_000 })).toEqual(['steps: must be at most 100,000'])
    expect(refusal(schema, { ...good, steps: 0 })).toEqual(['steps: must be at least 1'])
    expect(refusal(schema, { ...good, steps: 2.5 })).toEqual(['steps: must be a whole number'])
    expect(refusal(schema, { ...good, rate: 0 })).toEqual(['rate: must be more than 0'])
    expect(refusal(schema, { ...good, rate: 'x' })).toEqual(['rate: must be a number'])
    expect(refusal(schema, { ...good, names: ['a', 'b', 'c', 'd'] })).toEqual(['names: takes at most 3 values'])
    expect(refusal(schema, { ...good, names: [''] })).toEqual(['names.0: must not be empty'])
    expect(refusal(schema, { ...good, mode: 'slow' })).toEqual(['mode: must be one of "fast", "exact"'])
    expect(refusal(schema, { steps: 10, rate: 1, names: [] })).toEqual(['mode: is missing (one of "fast", "exact")'])
    expect(refusal(schema, { ...good, Steps: 3 })).toEqual(['(root): has no setting "Steps" (check the spelling)'])
  })

  it("keeps a schema's own sentence", () => {
    expect(refusal(schema, { ...good, lr: 2 })).toEqual(['lr: the learning rate must be below 1'])
  })

  it("never lets zod's English through for a real kind", () => {
    const lines = refusal(isingSweepParams, { sizes: [8.5, 'x'], L: 3, temperatures: 'hot', algorithm: 'fast' })
    expect(lines.length).toBeGreaterThan(2)
    for (const l of lines) expect(l).not.toMatch(/Invalid input|Too (big|small)|Unrecognized key|expected \w+, received/)
  })
})
