// A plot's numbers as CSV text, for the CSV button beside a chart's PNG button.

export interface CsvColumn {
  name: string
  values: ArrayLike<number>
}

/** Columns as CSV (one header line; numbers in full; NaN and missing cells empty). */
export function columnsCsv(cols: readonly CsvColumn[]): string {
  const rows = Math.max(0, ...cols.map((c) => c.values.length))
  const cell = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '' : String(v))
  const lines = [cols.map((c) => (/[",\n]/.test(c.name) ? `"${c.name.replace(/"/g, '""')}"` : c.name)).join(',')]
  for (let r = 0; r < rows; r++) lines.push(cols.map((c) => cell(c.values[r])).join(','))
  return lines.join('\n') + '\n'
}

/** The series of a chart as CSV columns: per series its x and y (series may have their own x). */
export function seriesCsv(series: readonly { label: string; x: ArrayLike<number>; y: ArrayLike<number> }[]): string {
  return columnsCsv(series.flatMap((s) => [{ name: `${s.label} x`, values: s.x }, { name: s.label, values: s.y }]))
}
