// The capacity experiment's curves, from a finished run's result or from the metric rows
// of a running one, and the closed forms drawn with them.

import { CRITICAL_ALPHA, erfc } from '../../engine/hopfield/theory'
import { hopfieldRules } from '../../shared/kinds/hopfield'

export type Rule = (typeof hopfieldRules)[number]

export const RULE_LABEL: Record<Rule, string> = { hebbian: 'Hebbian (Eq. 3)', storkey: 'Storkey', pseudoinverse: 'pseudo-inverse' }
export const RULE_COLOR: Record<Rule, string> = { hebbian: '#1d4ed8', storkey: '#c2410c', pseudoinverse: '#047857' }
export { CRITICAL_ALPHA }

export interface CapacityData {
  N: number
  rules: Rule[]
  alphas: number[]
  p: number[]
  fixed: Partial<Record<Rule, number[]>>
  overlap: Partial<Record<Rule, number[]>>
  bitError: Partial<Record<Rule, number[]>>
  /** ½ erfc(√(N/2p)) at each measured α. */
  bitErrorTheory: number[]
}

export function emptyCapacity(N: number, rules: readonly Rule[]): CapacityData {
  const per = (): Partial<Record<Rule, number[]>> => Object.fromEntries(rules.map((r) => [r, [] as number[]]))
  return { N, rules: [...rules], alphas: [], p: [], fixed: per(), overlap: per(), bitError: per(), bitErrorTheory: [] }
}

const isRule = (r: unknown): r is Rule => typeof r === 'string' && (hopfieldRules as readonly string[]).includes(r)
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : [])

/** Curves from the job's result record (null if it is not one). */
export function capacityFromResult(r: Record<string, unknown> | null | undefined): CapacityData | null {
  if (!r || !Array.isArray(r.alphas) || !Array.isArray(r.rules)) return null
  const rules = r.rules.filter(isRule)
  const d = emptyCapacity(typeof r.N === 'number' ? r.N : 0, rules)
  d.alphas = nums(r.alphas)
  d.p = nums(r.p)
  d.bitErrorTheory = nums(r.bitErrorTheory)
  const pick = (v: unknown, rule: Rule): number[] => nums((v as Record<string, unknown> | undefined)?.[rule])
  for (const rule of rules) {
    d.fixed[rule] = pick(r.fixedFraction, rule)
    d.overlap[rule] = pick(r.meanOverlap, rule)
    d.bitError[rule] = pick(r.bitErrorRate, rule)
  }
  return d
}

/** Add one metric row (one α) as the job emits it. */
export function appendCapacityRow(d: CapacityData, row: Record<string, number>): void {
  if (typeof row.alpha !== 'number') return
  d.alphas.push(row.alpha)
  d.p.push(row.p ?? NaN)
  d.bitErrorTheory.push(row.bitErrorTheory ?? NaN)
  for (const rule of d.rules) {
    d.fixed[rule]!.push(row[`fixedFraction_${rule}`] ?? NaN)
    d.overlap[rule]!.push(row[`meanOverlap_${rule}`] ?? NaN)
    d.bitError[rule]!.push(row[`bitErrorRate_${rule}`] ?? NaN)
  }
}

/** Curves from stored series (a run still running, or one without a result). */
export function capacityFromSeries(N: number, rules: readonly Rule[], values: Record<string, ArrayLike<number>>): CapacityData {
  const d = emptyCapacity(N, rules)
  const alpha = values.alpha
  if (!alpha) return d
  for (let k = 0; k < alpha.length; k++) {
    if (!Number.isFinite(alpha[k])) continue
    const row: Record<string, number> = {}
    for (const [name, v] of Object.entries(values)) row[name] = v[k]
    appendCapacityRow(d, row)
  }
  return d
}

/** Curves from the rows a job session holds (in arrival order). */
export function capacityFromRows(N: number, rules: readonly Rule[], rows: readonly { row: Record<string, number> }[]): CapacityData {
  const d = emptyCapacity(N, rules)
  for (const r of rows) appendCapacityRow(d, r.row)
  return d
}

/** One-step bit-error rate of the Hebbian rule at load α: ½ erfc(√(1/2α)) (the crosstalk is Gaussian with variance α). */
export function bitErrorTheoryAt(alpha: number): number {
  return alpha > 0 ? 0.5 * erfc(Math.sqrt(1 / (2 * alpha))) : 0
}

/** The theory curve on a fine α grid from a to b. */
export function theoryCurve(a: number, b: number, points = 120): { x: number[]; y: number[] } {
  const x: number[] = []
  const y: number[] = []
  const lo = Math.max(1e-3, Math.min(a, b))
  const hi = Math.max(a, b)
  for (let k = 0; k < points; k++) {
    const al = lo + ((hi - lo) * k) / Math.max(1, points - 1)
    x.push(al)
    y.push(bitErrorTheoryAt(al))
  }
  return { x, y }
}
