// Where a chart's words go: the labels of its reference lines (Tc, Binder, α_c) in rows above
// the plot that never overlap, and a log axis's tick labels. Pure: test/unit/renderer/chartText.test.ts.

/** Height in px of one row of marker labels above the plot. */
export const MARKER_ROW = 13

/**
 * Rows for marker labels (given their horizontal extents, in drawing order): each label goes
 * in the first row where it overlaps no label already there, 4 px apart, so labels of markers
 * close together (Tc and the Binder crossing) stack instead of covering each other.
 */
export function markerRows(spans: readonly { left: number; right: number }[]): number[] {
  const rows: { left: number; right: number }[][] = []
  return spans.map((s) => {
    let r = rows.findIndex((row) => row.every((o) => s.right + 4 <= o.left || s.left >= o.right + 4))
    if (r < 0) r = rows.push([]) - 1
    rows[r].push(s)
    return r
  })
}

/** A log axis's tick label: only 1, 2 and 5 times a power of ten are labelled, written short (1e5, not 100,000.0). */
export function logTick(v: number): string {
  if (!(v > 0)) return ''
  const e = Math.floor(Math.log10(v) + 1e-9)
  const mant = Math.round(v / 10 ** e)
  if (mant !== 1 && mant !== 2 && mant !== 5) return ''
  if (Math.abs(v / (mant * 10 ** e) - 1) > 1e-6) return ''
  return e >= 4 || e <= -4 ? `${mant}e${e}` : String(Number(v.toPrecision(3)))
}
