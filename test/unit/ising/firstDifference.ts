// Comparing big typed arrays in tests: toEqual walks them element by element through its
// generic deep equality and takes seconds on a 384×384 lattice; this takes microseconds.

/** Index of the first differing element, −1 if equal (0 when the lengths differ). */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i
  return -1
}
