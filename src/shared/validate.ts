import type { z } from 'zod'
import { LabError } from './errors'
import { plainIssues } from './plainIssues'

/** Issues listed in one error, and characters kept of each: a message stays readable whatever the input. */
export const MAX_ISSUES = 8
export const MAX_ISSUE_CHARS = 240

const clip = (s: string): string => (s.length > MAX_ISSUE_CHARS ? `${s.slice(0, MAX_ISSUE_CHARS - 1)}…` : s)

/** Parse `value` with `schema`, or throw a LabError('invalid') whose message lists the issues (the first few). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value, { error: plainIssues })
  if (result.success) return result.data
  const all = result.error.issues
  const issues = all.slice(0, MAX_ISSUES).map((i) => clip(`${i.path.length ? i.path.slice(0, 8).join('.') : '(root)'}: ${i.message}`))
  if (all.length > MAX_ISSUES) issues.push(`… and ${all.length - MAX_ISSUES} more`)
  throw new LabError('invalid', `Invalid ${what}: ${issues.join('; ')}`, issues)
}
