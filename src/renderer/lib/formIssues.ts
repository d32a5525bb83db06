// Inline validation of a job form before anything is sent, and the words of every message a
// form shows. The kind's zod schema checks the params exactly as the service will; each issue
// is filed under its path ("range", "range.Tmin", "sizes.1", "B") so the form shows it beside
// the field, and is said with the field's label as the form shows it and what the field
// allows ("Batch size must be at least 1 (got 0)") — never a schema path or zod's own English.
// The messages are computed from the current values each time (forms read them in a
// $derived), so a message can never outlive the input it was about.
//
// A form gives its labels as a map from schema paths to the labels on screen; a list's label
// also names its items ("sizes" labels "sizes.2"). The same map turns a service refusal
// ("batchSize: …") into the form's words (refusalText).

import type { z } from 'zod'
import { readNumber } from './numberText'
import { parseSeed, SEED_PROBLEM } from './seed'
import { continuesName, saysNumber as says } from '../../shared/plainIssues'

export type FieldIssues = Record<string, string[]>
/** Schema path (e.g. "range.Tmin", "betas.0") → the field's label in the form. */
export type FieldLabels = Readonly<Record<string, string>>

type Issue = z.core.$ZodIssue
type Path = readonly PropertyKey[]

const joinPath = (path: Path): string => path.map(String).join('.')

/** The label of a path: its own, or its list's with the item's place ("Sizes L, value 2"). */
export function labelOf(labels: FieldLabels, path: string): string {
  if (labels[path]) return labels[path]
  const parts = path.split('.')
  for (let k = parts.length - 1; k > 0; k--) {
    const head = parts.slice(0, k).join('.')
    const label = labels[head]
    if (label) {
      const rest = parts.slice(k)
      return /^\d+$/.test(rest[0]) && rest.length === 1 ? `${label}, value ${Number(rest[0]) + 1}` : label
    }
  }
  return labels[''] ?? 'This field'
}

/** The value at `path` in `params`, if there is one. */
function valueAt(params: unknown, path: Path): unknown {
  let cur: unknown = params
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<PropertyKey, unknown>)[k]
  }
  return cur
}

const got = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? ` (got ${says(v)})` : '')

/** zod's own English (as opposed to a sentence the kind's schema wrote). */
const isDefaultMessage = (m: string): boolean => /^(Too small|Too big|Invalid input|Invalid number|Invalid option)\b/.test(m)

/**
 * One zod issue in the form's words: the field's label, what it allows, the value it has.
 * A number's range is always said from the issue's own bounds (a schema's sentence may name
 * the params field, "maxSweeps must be …"); a list's or a text's sentence from the schema is
 * kept ("the pattern library is empty: store at least one pattern").
 */
export function issueText(issue: Issue, label: string, value?: unknown): string {
  const collection = 'origin' in issue && (issue.origin === 'array' || issue.origin === 'set' || issue.origin === 'string')
  if (collection && !isDefaultMessage(issue.message)) return issue.message
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int' || (issue as { format?: string }).format === 'safeint') return `${label} must be a whole number${got(value)}`
      if (issue.expected === 'number') return value === undefined || value === null || value === '' ? `${label} is empty: enter a number` : `${label} must be a number`
      return `${label} is missing or of the wrong kind`
    case 'too_small': {
      const min = says(issue.minimum)
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} needs at least ${min} ${Number(issue.minimum) === 1 ? 'value' : 'values'}`
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${label} must not be empty` : `${label} needs at least ${min} characters`
      return `${label} must be ${issue.inclusive ? 'at least' : 'more than'} ${min}${got(value)}`
    }
    case 'too_big': {
      const max = says(issue.maximum)
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} takes at most ${max} values`
      if (issue.origin === 'string') return `${label} takes at most ${max} characters`
      return `${label} must be ${issue.inclusive ? 'at most' : 'less than'} ${max}${got(value)}`
    }
    case 'not_multiple_of':
      return `${label} must be a multiple of ${says(issue.divisor)}${got(value)}`
    case 'invalid_value':
      return `${label} must be one of ${issue.values.map(says).join(', ')}`
    default:
      // A rule across fields ('custom'), written in words in the kind's schema.
      return issue.message
  }
}

/** A service refusal's issue line ("path: message") in the form's words. */
export function refusalText(line: string, labels: FieldLabels): string {
  const m = /^([\w.]+|\(root\)): (.*)$/s.exec(line)
  if (!m) return line
  const [, path, message] = m
  if (path === '(root)') return message
  const label = labelOf(labels, path)
  // The service says a field's trouble as a continuation of its name (shared/plainIssues).
  if (continuesName(message)) return `${label} ${message}`
  return `${label}: ${message}`
}

/**
 * Issues with each failed union replaced by those of the branch the value was meant for (the
 * one whose issues are not "wrong kind of value" at the union itself), paths made absolute:
 * a range { from, to, points } with a bad "to" says so, not "Invalid input".
 */
function flatten(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((i): Issue[] => {
    if (i.code !== 'invalid_union' || i.errors.length === 0) return [i]
    const meant = i.errors.find((branch) => !branch.some((b) => b.code === 'invalid_type' && b.path.length === 0)) ?? i.errors[0]
    return flatten(meant.map((b) => ({ ...b, path: [...i.path, ...b.path] }) as Issue))
  })
}

export class FormReader {
  readonly issues: FieldIssues = {}

  constructor(private readonly labels: FieldLabels = {}) {}

  add(path: string, message: string): void {
    ;(this.issues[path] ??= []).push(message)
  }

  /** The number in the text field of `path`; an empty (unless optional) or non-number text is filed as an issue. */
  number(path: string, text: string, opts: { optional?: boolean } = {}): number | undefined {
    const v = readNumber(text)
    if (v === undefined && !opts.optional) this.add(path, `${labelOf(this.labels, path)} is empty: enter a number`)
    else if (v !== undefined && Number.isNaN(v)) this.add(path, `${labelOf(this.labels, path)} must be a number (got “${text.trim()}”)`)
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
    for (const i of flatten(r.error.issues)) {
      const path = joinPath(i.path)
      if (flagged.some((f) => path === f || path.startsWith(`${f}.`))) continue
      this.add(path, issueText(i, labelOf(this.labels, path), valueAt(params, i.path)))
    }
    return null
  }
}

/** Every issue of a schema check, in the form's words, by path. */
export function formIssues<S extends z.ZodType>(schema: S, params: unknown, labels: FieldLabels): { data: z.output<S> | null; issues: FieldIssues } {
  const r = new FormReader(labels)
  const data = r.check(schema, params)
  return { data, issues: r.issues }
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

/** The messages of one field checked alone with its part of a schema (a live message beside it). */
export function fieldIssues(schema: z.ZodType, value: unknown, label: string): string[] {
  const r = schema.safeParse(value)
  return r.success ? [] : [...new Set(flatten(r.error.issues).map((i) => issueText(i, label, value)))]
}
