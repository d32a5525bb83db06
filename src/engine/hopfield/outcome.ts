// What a recall ended in, read off the final overlaps m_μ.

export type RecallOutcome = 'recalled' | 'inverse' | 'mixture' | 'spurious' | 'cycle'

/**
 * Overlap from which a pattern counts as a component of a mixture state. The symmetric mixture
 * of three patterns has m = 1/2 with each; random states have |m| ~ 1/√N.
 */
export const MIXTURE_OVERLAP = 0.3

export interface RecallClass {
  outcome: RecallOutcome
  /** Pattern recalled (or whose inverse was reached), else −1. */
  recalledIndex: number
  inverted: boolean
  /** Patterns with |m| ≥ MIXTURE_OVERLAP, strongest first. */
  components: number[]
}

/**
 * recalled k: m_k ≥ matchOverlap; inverse of k: m_k ≤ −matchOverlap (−s has the same energy,
 * Eq. 4 is even in s when b = 0); a 2-cycle of synchronous dynamics; a mixture when two or
 * more patterns have |m| ≥ MIXTURE_OVERLAP; anything else is spurious.
 */
export function classifyRecall(overlaps: readonly number[], matchOverlap: number, cycle: boolean): RecallClass {
  const components = overlaps
    .map((m, k) => ({ m, k }))
    .filter(({ m }) => Math.abs(m) >= MIXTURE_OVERLAP)
    .sort((a, b) => Math.abs(b.m) - Math.abs(a.m) || a.k - b.k)
    .map(({ k }) => k)
  if (cycle) return { outcome: 'cycle', recalledIndex: -1, inverted: false, components }
  // The nearest pattern (largest |m|, first on ties) decides recall or inverse.
  let k = -1
  for (let mu = 0; mu < overlaps.length; mu++) if (k < 0 || Math.abs(overlaps[mu]) > Math.abs(overlaps[k]) + 1e-12) k = mu
  const tol = 1e-12
  if (k >= 0 && overlaps[k] >= matchOverlap - tol) return { outcome: 'recalled', recalledIndex: k, inverted: false, components }
  if (k >= 0 && overlaps[k] <= -matchOverlap + tol) return { outcome: 'inverse', recalledIndex: k, inverted: true, components }
  if (components.length >= 2) return { outcome: 'mixture', recalledIndex: -1, inverted: false, components }
  return { outcome: 'spurious', recalledIndex: -1, inverted: false, components }
}
