// A work estimate in words: the duration as a person reads it, one or two significant figures
// in the largest unit that fits ("about 40 s", "about 3.5 h", "about 12 days"), where its rate
// comes from, and the budget question. Shared by the service's refusal and the renderer's
// confirmation, so both say the same thing.

import type { WorkEstimate } from './types'

const UNITS: [seconds: number, one: string, many: string][] = [
  [365.25 * 86400, 'year', 'years'],
  [86400, 'day', 'days'],
  [3600, 'h', 'h'],
  [60, 'min', 'min'],
  [1, 's', 's']
]

export function aboutDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever'
  if (seconds < 1) return 'under a second'
  for (const [size, one, many] of UNITS) {
    if (seconds < size) continue
    const x = seconds / size
    const shown = x < 10 ? Math.round(x * 10) / 10 : Math.round(x)
    return `about ${shown.toLocaleString('en-US')} ${shown === 1 ? one : many}`
  }
  return 'under a second'
}

/** Where the rate of an estimate comes from, in a few words. */
export function basisText(e: WorkEstimate): string {
  return e.basis.from === 'runs'
    ? `the median rate of your last ${e.basis.runs === 1 ? 'run' : `${e.basis.runs} runs`} of this kind here`
    : 'a typical rate of one worker'
}

/** How many times the budget a piece of work is, as a short figure ("1.4", "551"). */
export function timesBudget(e: WorkEstimate): string {
  const times = e.budget ? e.cost / e.budget : Infinity
  return times < 10 ? times.toFixed(1) : Math.round(times).toLocaleString('en-US')
}

/** The budget question: the work, how far beyond the budget, and how long it would take. */
export function budgetMessage(title: string, e: WorkEstimate): string {
  return (
    `This ${title} asks for ${e.cost.toExponential(2)} ${e.workUnit}, beyond the budget of ${(e.budget ?? 0).toExponential(0)} (×${timesBudget(e)}): ` +
    `${aboutDuration(e.seconds)} at ${e.rate.toExponential(1)} per second (${basisText(e)}). Confirm to run it anyway.`
  )
}
