// Inline validation of a job form before anything is sent: the text fields are read into
// numbers here (a word that is not a number is the form's own message), then the kind's zod
// schema checks the params exactly as the service will, and every issue is filed under its
// path ("range", "range.Tmin", "sizes.1", "B") so the form can show it beside the field.

import type { z } from 'zod'
import { parseSeed, SEED_PROBLEM } from './seed'

export type FieldIssues = Record<string, string[]>

export class FormReader {
  readonly issues: FieldIssues = {}

  add(path: string, message: string): void {
    ;(this.issues[path] ??= []).push(message)
  }

  /** A number from a text field, or undefined (with an issue) when it is not one. */
  number(path: string, label: string, text: string, opts: { integer?: boolean; optional?: boolean } = {}): number | undefined {
    const t = text.trim().replace(/[\u2009\u202f_ ]/g, '').replace(/,(?=\d{3}\b)/g, '')
    if (t === '') {
      if (!opts.optional) this.add(path, `${label} is required`)
      return undefined
    }
    const v = Number(t)
    if (!Number.isFinite(v)) {
      this.add(path, `${label} must be a number (got “${text.trim()}”)`)
      return undefined
    }
    if (opts.integer && !Number.isInteger(v)) {
      this.add(path, `${label} must be a whole number`)
      return undefined
    }
    return v
  }

  /** The seed field: undefined when empty (random) or, with an issue, when it is not a seed. */
  seed(text: string): number | undefined {
    try {
      return parseSeed(text)
    } catch {
      this.add('seed', SEED_PROBLEM)
      return undefined
    }
  }

  /** Check the params with the schema; issues on fields the reader already flagged are not repeated. */
  check<S extends z.ZodType>(schema: S, params: unknown): z.output<S> | null {
    const flagged = Object.keys(this.issues)
    const r = schema.safeParse(params)
    if (r.success) return flagged.length ? null : r.data
    for (const i of r.error.issues) {
      const path = i.path.map(String).join('.')
      if (flagged.some((f) => path === f || path.startsWith(`${f}.`))) continue
      this.add(path, i.message)
    }
    return null
  }
}

/** Messages filed under `path` or below it (e.g. "sizes" gathers "sizes.0", "sizes.2"). */
export function issuesAt(issues: FieldIssues, ...paths: string[]): string[] {
  const out: string[] = []
  for (const [k, list] of Object.entries(issues)) if (paths.some((p) => k === p || k.startsWith(`${p}.`))) out.push(...list)
  return out
}

/** Every message, for a summary beside the Start button: each names its field in the form's
 *  words already ("Learning rate must be a number"), never by its path in the params. */
export function allIssues(issues: FieldIssues): string[] {
  return [...new Set(Object.values(issues).flat())]
}
