// The Hopfield panel's drawing grid, pattern library and corruption, as pure functions on
// typed arrays (no DOM, no Svelte): the panel keeps the state, these say what an action does
// and what is wrong with a request, in the words the user reads.
//
// Pixels are row-major, +1 ink, −1 background, 0 unknown (a blanked pixel: it adds no field to
// the others in Eq. 2 and takes ±1 at its own first update).

import type { Rng } from '../../engine/rng'
import { HOPFIELD_GRID_MAX, HOPFIELD_GRID_MIN } from '../../shared/kinds/hopfield'
import type { Corruption } from '../../engine/hopfield/types'
import { randomPixels } from '../../engine/hopfield/corrupt'

export const GRID_MIN = HOPFIELD_GRID_MIN
export const GRID_MAX = HOPFIELD_GRID_MAX

export interface LibPattern {
  /** Stable key for lists (not the pattern number μ, which is the position). */
  id: number
  /** What the pattern is, e.g. 'A' or 'vertical stripes'; empty for a drawn one. */
  label: string
  data: Int8Array
}

// ── the grid ──────────────────────────────────────────────────────────────────────────

export function gridSizeProblem(width: number, height: number): string | null {
  for (const [name, v] of [
    ['width', width],
    ['height', height]
  ] as const) {
    if (!Number.isInteger(v) || v < GRID_MIN || v > GRID_MAX)
      return `Grid ${name} must be a whole number from ${GRID_MIN} to ${GRID_MAX} (got ${Number.isFinite(v) ? v : 'nothing'}).`
  }
  return null
}

/** Why a density of +1 pixels cannot be used, or null (0 and 1 would draw one colour only). */
export function densityProblem(d: number): string | null {
  return Number.isFinite(d) && d > 0 && d < 1 ? null : `The density of +1 pixels must be more than 0 and less than 1${Number.isFinite(d) ? ` (got ${d})` : ''}.`
}

/** Why the grid cannot become width×height while the library holds `count` patterns of the current size. */
export function resizeProblem(width: number, height: number, current: { width: number; height: number }, count: number): string | null {
  const g = gridSizeProblem(width, height)
  if (g) return g
  if (count > 0 && (width !== current.width || height !== current.height))
    return (
      `The library holds ${count} pattern${count === 1 ? '' : 's'} of ${current.width}×${current.height}: ` +
      `a ${width}×${height} grid cannot recall ${count === 1 ? 'it' : 'them'}. Clear (or export) the library first.`
    )
  return null
}

/** An empty grid: all background (−1). */
export function blankGrid(N: number): Int8Array {
  return new Int8Array(N).fill(-1)
}

/** −s; unknown pixels stay unknown. */
export function inverted(s: Int8Array): Int8Array {
  return s.map((v) => -v)
}

/** The picture moved by (dx, dy) pixels, wrapping around the edges (nothing is lost). */
export function shifted(s: Int8Array, width: number, height: number, dx: number, dy: number): Int8Array {
  const out = new Int8Array(s.length)
  const mod = (a: number, n: number): number => ((a % n) + n) % n
  for (let r = 0; r < height; r++) {
    const r2 = mod(r + dy, height)
    for (let c = 0; c < width; c++) out[r2 * width + mod(c + dx, width)] = s[r * width + c]
  }
  return out
}

/** Each pixel +1 with probability `density`. */
export function randomGrid(N: number, density: number, rng: Rng): Int8Array {
  const s = new Int8Array(N)
  for (let i = 0; i < N; i++) s[i] = rng.uniform() < density ? 1 : -1
  return s
}

export function countUnknown(s: ArrayLike<number>): number {
  let n = 0
  for (let i = 0; i < s.length; i++) if (s[i] === 0) n++
  return n
}

/** The state as text, one character per pixel ('+', '-', '0'): read by tests and exports. */
export function stateString(s: ArrayLike<number>): string {
  let out = ''
  for (let i = 0; i < s.length; i++) out += s[i] > 0 ? '+' : s[i] < 0 ? '-' : '0'
  return out
}

/** Cells crossed going from cell a to cell b (Bresenham), so a fast drag leaves no gaps. Includes both ends. */
export function cellsOnLine(ax: number, ay: number, bx: number, by: number): [number, number][] {
  const out: [number, number][] = []
  let x = ax
  let y = ay
  const dx = Math.abs(bx - ax)
  const dy = -Math.abs(by - ay)
  const sx = ax < bx ? 1 : -1
  const sy = ay < by ? 1 : -1
  let err = dx + dy
  for (;;) {
    out.push([x, y])
    if (x === bx && y === by) return out
    const e2 = 2 * err
    if (e2 >= dy) {
      err += dy
      x += sx
    }
    if (e2 <= dx) {
      err += dx
      y += sy
    }
  }
}

// ── the library ───────────────────────────────────────────────────────────────────────

/** Why the grid state `s` cannot be stored as a pattern (null: it can). */
export function storeProblem(s: ArrayLike<number>, N: number): string | null {
  if (s.length !== N) return `The grid has ${s.length} pixels but the library's patterns have ${N}.`
  const unknown = countUnknown(s)
  if (unknown > 0)
    return `The grid has ${unknown} unknown (grey) pixel${unknown === 1 ? '' : 's'}: a stored pattern must be all ±1. Undo the corruption or draw over ${unknown === 1 ? 'it' : 'them'}.`
  return null
}

export function withAdded(lib: readonly LibPattern[], p: LibPattern): LibPattern[] {
  return [...lib, p]
}

export function withReplaced(lib: readonly LibPattern[], index: number, data: Int8Array, label = ''): LibPattern[] {
  if (index < 0 || index >= lib.length) return [...lib]
  return lib.map((p, k) => (k === index ? { ...p, data: data.slice(), label } : p))
}

export function withRemoved(lib: readonly LibPattern[], index: number): LibPattern[] {
  return lib.filter((_, k) => k !== index)
}

/** The pattern at `from` moved to position `to` (others keep their order). */
export function withMoved(lib: readonly LibPattern[], from: number, to: number): LibPattern[] {
  const out = [...lib]
  if (from < 0 || from >= out.length) return out
  const t = Math.max(0, Math.min(out.length - 1, to))
  const [p] = out.splice(from, 1)
  out.splice(t, 0, p)
  return out
}

// ── corruption of the probe ───────────────────────────────────────────────────────────

/**
 * The recall input: what was drawn (`base`) and two corruption masks on top. Flips compose by
 * exclusive or; a blanked pixel is unknown whatever was flipped, so the order of the user's
 * actions does not matter and the job gets exactly what is shown (two 'mask' steps).
 */
export interface Probe {
  base: Int8Array
  flip: Uint8Array
  blank: Uint8Array
}

export function plainProbe(base: Int8Array): Probe {
  return { base, flip: new Uint8Array(base.length), blank: new Uint8Array(base.length) }
}

/** What the probe shows (and what the dynamics start from). */
export function probeState(p: Probe): Int8Array {
  const s = new Int8Array(p.base.length)
  for (let i = 0; i < s.length; i++) s[i] = p.blank[i] ? 0 : p.flip[i] ? -p.base[i] : p.base[i]
  return s
}

export function isCorrupted(p: Probe): boolean {
  return p.flip.some((v) => v !== 0) || p.blank.some((v) => v !== 0)
}

/** Flip round(fraction·N) distinct random pixels of what is shown (a pixel flipped twice is restored). */
export function withFlippedFraction(p: Probe, fraction: number, rng: Rng): Probe {
  const flip = p.flip.slice()
  for (const i of randomPixels(p.base.length, fraction, rng)) flip[i] ^= 1
  return { ...p, flip }
}

/** Blank the rectangle at column x, row y (clipped to the grid). */
export function withBlankRect(p: Probe, gridWidth: number, x: number, y: number, w: number, h: number): Probe {
  const gridHeight = p.base.length / gridWidth
  const blank = p.blank.slice()
  for (let r = Math.max(0, y); r < Math.min(gridHeight, y + h); r++)
    for (let c = Math.max(0, x); c < Math.min(gridWidth, x + w); c++) blank[r * gridWidth + c] = 1
  return { ...p, blank }
}

/**
 * Paint corruption with a brush: the pixels `cells` are blanked, or flipped (once per stroke:
 * the caller passes each cell once), or restored to the drawing ('clear').
 */
export function withBrush(p: Probe, cells: readonly number[], mode: 'blank' | 'flip' | 'clear'): Probe {
  if (mode === 'clear') {
    const blank = p.blank.slice()
    const flip = p.flip.slice()
    for (const i of cells) blank[i] = flip[i] = 0
    return { ...p, blank, flip }
  }
  if (mode === 'blank') {
    const blank = p.blank.slice()
    for (const i of cells) blank[i] = 1
    return { ...p, blank }
  }
  const flip = p.flip.slice()
  for (const i of cells) flip[i] ^= 1
  return { ...p, flip }
}

/** Pixels the flip mask changes, and unknown pixels shown (blanked by the mask or drawn unknown). */
export function corruptionCounts(p: Probe): { flipped: number; blanked: number } {
  let flipped = 0
  let blanked = 0
  for (let i = 0; i < p.base.length; i++) {
    if (p.blank[i] || p.base[i] === 0) blanked++
    else if (p.flip[i]) flipped++
  }
  return { flipped, blanked }
}

/** The probe with pixels set by hand: the drawing takes the value there, and the corruption on those pixels is gone. */
export function withPainted(p: Probe, cells: readonly number[], value: 1 | -1): Probe {
  let changed = false
  for (const i of cells) if (p.base[i] !== value || p.flip[i] || p.blank[i]) changed = true
  if (!changed) return p
  const base = p.base.slice()
  const flip = p.flip.slice()
  const blank = p.blank.slice()
  for (const i of cells) {
    base[i] = value
    flip[i] = 0
    blank[i] = 0
  }
  return { base, flip, blank }
}

/** The corruption as job steps: the flip mask, then the blank mask (empty masks left out). */
export function corruptionSteps(p: Probe): Corruption[] {
  const steps: Corruption[] = []
  if (p.flip.some((v) => v !== 0)) steps.push({ type: 'mask', mask: Array.from(p.flip), mode: 'flip' })
  if (p.blank.some((v) => v !== 0)) steps.push({ type: 'mask', mask: Array.from(p.blank), mode: 'blank' })
  return steps
}

// ── library files ─────────────────────────────────────────────────────────────────────

export interface LibraryFile {
  width: number
  height: number
  patterns: { label: string; data: Int8Array }[]
}

export function libraryJson(width: number, height: number, lib: readonly LibPattern[]): string {
  return JSON.stringify(
    {
      format: 'physml-hopfield-library',
      version: 1,
      width,
      height,
      patterns: lib.map((p) => ({ label: p.label, pixels: stateString(p.data) }))
    },
    null,
    1
  )
}

/** Read a library file; throws an Error whose message says what is wrong (nothing is loaded then). */
export function parseLibraryJson(text: string): LibraryFile {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    throw new Error('The file is not JSON: expected a library exported from this panel.')
  }
  const o = v as { width?: unknown; height?: unknown; patterns?: unknown }
  if (typeof o !== 'object' || o === null || !Array.isArray(o.patterns))
    throw new Error('The file has no "patterns" list: expected a library exported from this panel.')
  const width = Number(o.width)
  const height = Number(o.height)
  const g = gridSizeProblem(width, height)
  if (g) throw new Error(`The file's grid is not usable. ${g}`)
  const N = width * height
  if (o.patterns.length === 0) throw new Error('The file holds no patterns.')
  const patterns = o.patterns.map((raw, k) => {
    const p = raw as { label?: unknown; pixels?: unknown }
    const label = typeof p.label === 'string' ? p.label.slice(0, 40) : ''
    let data: Int8Array
    if (typeof p.pixels === 'string') {
      if (!/^[+-]*$/.test(p.pixels)) throw new Error(`Pattern ${k + 1}: pixels must be '+' or '−' characters (stored patterns have no unknown pixels).`)
      data = Int8Array.from(p.pixels, (ch) => (ch === '+' ? 1 : -1))
    } else if (Array.isArray(p.pixels)) {
      if (p.pixels.some((x) => x !== 1 && x !== -1)) throw new Error(`Pattern ${k + 1}: pixels must be +1 or −1.`)
      data = Int8Array.from(p.pixels as number[])
    } else throw new Error(`Pattern ${k + 1} has no pixels.`)
    if (data.length !== N) throw new Error(`Pattern ${k + 1} has ${data.length} pixels but a ${width}×${height} grid has ${N}: patterns of mismatched size.`)
    return { label, data }
  })
  return { width, height, patterns }
}
