// zod's own English ("Too big: expected number to be <=4096", "Invalid input: expected
// number, received undefined") said as a person would, for every refusal the service, the
// CLI and the store give: "must be at most 4,096", "is missing (a number)". A schema's own
// sentence ("the learning rate must be > 0") takes precedence over this map, as zod gives a
// schema-level message priority over a per-parse one. Each message continues a field's name:
// "sizes.0: must be at most 4,096"; a form puts its label in front instead (refusalText).

import type { z } from 'zod'

/** A number as people write it: thousands grouped with commas. */
export function saysNumber(v: unknown): string {
  if (typeof v === 'bigint') return v.toLocaleString('en-US')
  if (typeof v !== 'number') return String(v)
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'not a number' : String(v)
  return Math.abs(v) >= 1000 && Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(12)))
}

const KIND_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  bigint: 'a whole number',
  null: 'null'
}
const kindWords = (expected: string): string => KIND_WORDS[expected] ?? expected

const quoted = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : saysNumber(v))

type RawIssue = z.core.$ZodRawIssue

/**
 * The words of one issue, or undefined to leave zod's (codes this map has no better words for).
 * A per-parse error map: schema.safeParse(value, { error: plainIssues }).
 */
export function plainIssues(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const what = kindWords(String(issue.expected))
      return issue.input === undefined ? `is missing (${what})` : `must be ${what}`
    }
    case 'too_big': {
      const max = saysNumber(issue.maximum)
      if (issue.origin === 'array' || issue.origin === 'set') return `takes at most ${max} values`
      if (issue.origin === 'string') return `takes at most ${max} characters`
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${max}`
    }
    case 'too_small': {
      const min = saysNumber(issue.minimum)
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${min} ${Number(issue.minimum) === 1 ? 'value' : 'values'}`
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `needs at least ${min} characters`
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${min}`
    }
    case 'not_multiple_of':
      return `must be a multiple of ${saysNumber(issue.divisor)}`
    case 'invalid_value': {
      const allowed = issue.values.length === 1 ? quoted(issue.values[0]) : `one of ${issue.values.map(quoted).join(', ')}`
      return issue.input === undefined ? `is missing (${allowed})` : `must be ${allowed}`
    }
    case 'unrecognized_keys':
      return `has no setting ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`
    case 'invalid_union':
      return 'matches none of the accepted forms'
    default:
      return undefined
  }
}

/** Whether a message is one of this map's, which continue a field's name ("Batch size" + " must be at least 1"). */
export const continuesName = (message: string): boolean => /^(must|is missing|takes|needs|has no|matches) /.test(message)
