// What one job may ask of the machine: memory and work. Both are checked before a run exists
// (src/main/service/jobs.ts), and neither can be confirmed away.
//
// Memory: half of the machine's memory (os.totalmem()) per job, the same figure as each
// worker's V8 heap limit (workerResourceLimits). A job at that size leaves the other half
// to the system, the app and the jobs beside it; an estimate above it would swap the machine
// to a halt or get the process killed, and a user cannot confirm their way past either.
//
// Work: a kind's budget (about ten minutes of one core) can be exceeded with `confirm`, up to
// WORK_CEILING times the budget — about a week of one core, a day of a 7-worker machine —
// which is the longest a run of the lab is worth starting. Beyond that the run would not end
// in any session (the issue's 8.4·10¹⁸-unit sweep: ~1,500 years of one core), so it is
// refused outright.

import { totalmem } from 'node:os'
import type { ResourceLimits } from 'node:worker_threads'
import { LabError } from '../../shared/errors'
import { totalBytes, type MemoryTerms } from '../../engine/memory'

export const JOB_MEMORY_SHARE = 0.5
export const WORK_CEILING = 1000

export function jobMemoryLimit(total: number = totalmem()): number {
  return Math.floor(JOB_MEMORY_SHARE * total)
}

/** Every worker's V8 heap may grow to the job limit; typed arrays live outside it and are checked by the host. */
export function workerResourceLimits(limitBytes: number = jobMemoryLimit()): ResourceLimits {
  return { maxOldGenerationSizeMb: Math.max(64, Math.floor(limitBytes / 2 ** 20)) }
}

/** 16 000 000 000 → "16 GB" (decimal units, two significant digits at most). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return 'an unknown amount'
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB']
  let u = 0
  let v = n
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  const shown = v >= 10 || u === 0 ? Math.round(v).toString() : v.toFixed(1).replace(/\.0$/, '')
  return `${shown} ${units[u]}`
}

/** The largest terms first, as "measurement series 16 GB, lattices 3 MB". */
function describeTerms(terms: Readonly<MemoryTerms>, shown = 3): string {
  return Object.entries(terms)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, shown)
    .map(([k, v]) => `${k} ${formatBytes(v)}`)
    .join(', ')
}

/** Refuses (LabError 'invalid') a job whose estimate does not fit `limit`, or cannot be made (NaN). */
export function checkJobMemory(title: string, terms: Readonly<MemoryTerms>, limit: number = jobMemoryLimit()): void {
  const total = totalBytes(terms)
  if (total <= limit) return
  const largest = describeTerms(terms)
  throw new LabError(
    'invalid',
    `This ${title} needs about ${formatBytes(total)} of memory${largest ? ` (${largest})` : ''}; this machine allows ${formatBytes(limit)} for a job. ` +
      'Confirming does not change this: make the job smaller.',
    [`memory: about ${formatBytes(total)} needed, ${formatBytes(limit)} allowed`]
  )
}

/**
 * Refuses work beyond WORK_CEILING × budget outright, and work beyond the budget unless
 * confirmed (the 'confirm:' issue tells a form to ask).
 */
export function checkJobWork(title: string, cost: number, budget: number, confirmed: boolean): void {
  const ceiling = WORK_CEILING * budget
  if (!(cost <= ceiling))
    throw new LabError(
      'invalid',
      `This ${title} asks for ${cost.toExponential(2)} units of work, more than ${ceiling.toExponential(2)} (${WORK_CEILING.toLocaleString('en-US')} times the budget, about a week of one core): it would not finish. Make it smaller.`,
      [`work: ${cost.toExponential(2)} units, at most ${ceiling.toExponential(2)} even when confirmed`]
    )
  if (cost > budget && !confirmed)
    throw new LabError(
      'invalid',
      `This ${title} asks for ${cost.toExponential(2)} units of work, beyond the budget of ${budget.toExponential(2)}; confirm to run it anyway.`,
      ['confirm: required for work beyond the budget']
    )
}
