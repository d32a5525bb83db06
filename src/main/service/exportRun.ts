import type { ExportFile, RunDetail, SeriesData } from '../../shared/types'

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'run'

/** A run as CSV (one row per step, one column per series) or as JSON (everything stored but blobs). */
export function exportRun(detail: RunDetail, series: SeriesData, format: 'csv' | 'json'): ExportFile {
  const base = `${safeName(detail.name)}-run${detail.id}`
  const names = Object.keys(series.values)
  if (format === 'csv') {
    const lines = [['step', ...names].join(',')]
    for (let i = 0; i < series.steps.length; i++) {
      const row = [String(series.steps[i])]
      for (const n of names) {
        const v = series.values[n][i]
        row.push(Number.isNaN(v) ? '' : String(v))
      }
      lines.push(row.join(','))
    }
    return { filename: `${base}.csv`, mime: 'text/csv', text: lines.join('\n') + '\n' }
  }
  const body = {
    run: detail,
    series: { steps: Array.from(series.steps), ...Object.fromEntries(names.map((n) => [n, Array.from(series.values[n], (v) => (Number.isNaN(v) ? null : v))])) }
  }
  return { filename: `${base}.json`, mime: 'application/json', text: JSON.stringify(body, null, 1) }
}
