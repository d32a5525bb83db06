// The seed field of every job form. Empty asks the service for a random seed (it reports the
// one it drew); otherwise the text must be a seed the contract accepts (Seed: 0 … 2³² − 1).

import { Seed } from '../../shared/primitives'

export const SEED_PROBLEM = `Seed must be empty (a random one) or a whole number from ${Seed.minValue} to ${Seed.maxValue!.toLocaleString('en-US')}`

/** The seed a form's text gives: undefined when empty; throws SEED_PROBLEM when it is not a seed. */
export function parseSeed(text: string): number | undefined {
  const t = text.trim()
  if (t === '') return undefined
  if (!/^\d+$/.test(t) || !Seed.safeParse(Number(t)).success) throw new Error(SEED_PROBLEM)
  return Number(t)
}

/** The seed a form's text gives (empty: random), or its problem added to `problems`. */
export function seedOrProblem(text: string, problems: string[]): number | undefined {
  try {
    return parseSeed(text)
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e))
    return undefined
  }
}
