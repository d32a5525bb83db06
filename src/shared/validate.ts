import type { z } from 'zod'
import { LabError } from './errors'

/** Parse `value` with `schema`, or throw a LabError('invalid') whose message lists every issue. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
  throw new LabError('invalid', `Invalid ${what}: ${issues.join('; ')}`, issues)
}
