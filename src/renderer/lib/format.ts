// Number, date and duration formatting for readouts and tables. Pure functions.

import { localDateTime } from '../../shared/localTime'

/** A fixed-precision number, or an en dash when there is no value yet. */
export function fmtFixed(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits)
}

/** An integer with thin-space thousands grouping (readable at a glance, stable width with tabular-nums). */
export function fmtInt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–'
  return Math.round(x)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')
}

/** A measured quantity with ~4 significant digits, switching to exponent form when tiny or huge. */
export function fmtNum(x: number | null | undefined, significant = 4): string {
  if (x === null || x === undefined) return '–'
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞'
  if (x === 0) return '0'
  const a = Math.abs(x)
  if (a >= 1e6 || a < 1e-4) return x.toExponential(significant - 1)
  if (Number.isInteger(x)) return String(x)
  return Number(x.toPrecision(significant)).toString()
}

/** An amount of work: whole below 10⁴, else one decimal times a power of ten ("5.5·10¹³"). */
export function fmtWork(x: number): string {
  if (x < 1e4) return fmtInt(x)
  const e = Math.floor(Math.log10(x))
  return `${(x / 10 ** e).toFixed(1)}·10${String(e).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)])}`
}

/** A rate in units per second: integers above 100, one decimal below. */
export function fmtRate(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return '0'
  return x >= 100 ? fmtInt(x) : x.toFixed(1)
}

export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–'
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`
  if (seconds < 60) return `${Math.round(seconds)} s`
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(r).padStart(2, '0')} s`
}


/** Local date and time as YYYY-MM-DD HH:MM[:SS] (sortable, unambiguous). */
export function fmtDateTime(iso: string | null | undefined, seconds = true): string {
  if (!iso) return '–'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return localDateTime(d, seconds)
}

/** A run in a chooser: "#12 name", with the date it started unless its name already carries one (default names do). */
export function fmtRunChoice(r: { id: number; name: string; createdAt: string }): string {
  return /\d{4}-\d{2}-\d{2}/.test(r.name) ? `#${r.id} ${r.name}` : `#${r.id} ${r.name} (${fmtDateTime(r.createdAt, false)})`
}

/**
 * Any JSON-ish value for a params/result table, as a reader wants it: a list as comma-separated
 * values ("784, 100, 10"), inner lists in parentheses, an object as "key: value" lines
 * (nested ones indented), a long array as its shape.
 */
export function fmtValue(v: unknown): string {
  if (typeof v === 'number') return fmtNum(v, 6)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean' || v === null || v === undefined) return String(v)
  const short = abbreviate(v)
  if (short !== null) return short
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const items = Array.from(v as ArrayLike<unknown>)
    if (items.length === 0) return 'none'
    if (items.some((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) return items.map(fmtValue).join('\n')
    return items.map((x) => (Array.isArray(x) ? `(${fmtValue(x)})` : fmtValue(x))).join(', ')
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
    if (entries.length === 0) return 'none'
    return entries
      .map(([k, x]) => {
        const text = fmtValue(x)
        return text.includes('\n') ? `${k}:\n${text.replace(/^/gm, '  ')}` : `${k}: ${text}`
      })
      .join('\n')
  }
  return String(v)
}

/** Long arrays (stored patterns, masks) as their shape, "[4 × 120 numbers]", instead of thousands of digits. */
function abbreviate(v: unknown): string | null {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return null
  const dims: number[] = []
  let cur: unknown = v
  while (Array.isArray(cur) || (ArrayBuffer.isView(cur) && !(cur instanceof DataView))) {
    const arr = cur as ArrayLike<unknown>
    dims.push(arr.length)
    if (arr.length === 0) break
    cur = arr[0]
  }
  const total = dims.reduce((a, b) => a * b, 1)
  if (total <= 16) return null
  const leaf = typeof cur === 'number' ? 'numbers' : typeof cur === 'string' ? 'strings' : 'items'
  return `[${dims.join(' × ')} ${leaf}]`
}

/** A size in bytes, in the unit that keeps 3 significant figures (KB = 1000 bytes, as disks count). */
export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–'
  if (n < 1000) return `${Math.round(n)} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = n
  let u = -1
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`
}
