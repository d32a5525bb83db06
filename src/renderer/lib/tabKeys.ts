// The keys of a tab list (the WAI-ARIA tabs pattern), shared by the panels with tabs.

/** The tab that a key moves to from tab `i` of `n`: arrows step (wrapping round), Home and End
 *  go to the ends; -1 for any other key. */
export function tabKeyTarget(key: string, i: number, n: number): number {
  if (key === 'ArrowRight') return (i + 1) % n
  if (key === 'ArrowLeft') return (i - 1 + n) % n
  if (key === 'Home') return 0
  if (key === 'End') return n - 1
  return -1
}
