// The Hopfield panel's pattern library: the patterns stored in W, the one selected, the
// presets that fill it (the paper's stripes, letters, digits, random patterns, the first MNIST
// digit of each class) and its export and import as a JSON file.

import { paperStripes, presetPatterns, glyphs, GLYPHS } from '../../engine/hopfield/presets'
import { MAX_DIGITS_PER_CALL } from '../../shared/api'
import { call } from './lab'
import { errors } from './errors.svelte'
import { densityProblem, libraryJson, parseLibraryJson, storeProblem, withAdded, withBlankRect, withMoved, withRemoved, withReplaced, plainProbe, type LibPattern } from './hopfieldGrid'
import type { HopfieldGridState } from './hopfieldGridState.svelte'
import { digitPattern, firstSeen, gapIndices, parseClasses, strideSample } from './hopfieldMnist'

export type PresetKind = 'paper' | 'letters' | 'digits' | 'random' | 'mnist'

/** Grid sizes offered for the MNIST preset (the digits are 28×28). */
export const MNIST_SIZES = [
  [10, 10],
  [14, 14],
  [20, 20],
  [28, 28],
  [32, 32],
  [56, 56]
] as const

/** Glyph grid sizes offered (the 5×7 font stretched; a one-pixel frame from 7×9 up). */
export const GLYPH_SIZES = [
  [5, 7],
  [7, 9],
  [8, 8],
  [10, 12],
  [12, 12],
  [16, 16],
  [24, 24],
  [32, 32],
  [64, 64]
] as const

/** The first digit of each class of the bundled MNIST set, as grey 0..255 images. */
interface MnistFirsts {
  rows: number
  cols: number
  classes: number
  /** By class: the dataset index and the pixels (null: the class was not found). */
  byClass: ({ index: number; pixels: Uint8Array } | null)[]
}

/** Find and fetch the first digit of each class: the labels on a stride through the set, then the gap before each first sighting (see hopfieldMnist.ts). */
async function fetchMnistFirsts(): Promise<MnistFirsts> {
  const { count } = await call('data.digits', { indices: [] })
  const { stride, indices } = strideSample(count, MAX_DIGITS_PER_CALL)
  const sample = await call('data.digits', { indices })
  const seen = firstSeen(indices, sample.labels, sample.classes)
  const gap = gapIndices(seen, stride)
  if (gap.length > MAX_DIGITS_PER_CALL) throw new Error(`the dataset has too many classes (${sample.classes}) for this preset`)
  const r = await call('data.digits', { indices: gap })
  const first = firstSeen(gap, r.labels, r.classes)
  const px = r.rows * r.cols
  const byClass = first.map((idx) => {
    if (idx < 0) return null
    const k = gap.indexOf(idx)
    return { index: idx, pixels: r.pixels.slice(k * px, (k + 1) * px) }
  })
  return { rows: r.rows, cols: r.cols, classes: r.classes, byClass }
}

let nextId = 1
const lib = (data: ArrayLike<number>, label = ''): LibPattern => ({ id: nextId++, label, data: Int8Array.from(data) })

/** Patterns made by a preset, with their grid size. */
type Made = { width: number; height: number; patterns: LibPattern[] }

export class PatternLibraryState {
  patterns = $state.raw<LibPattern[]>([])
  selected = $state(0)
  libraryProblem = $state<string | null>(null)
  presetKind = $state<PresetKind>('paper')
  presetChars = $state('ABC')
  presetSize = $state('10x12')
  presetCount = $state(5)
  presetDensity = $state(0.5)
  mnistClasses = $state('0123456789')
  mnistSize = $state('28x28')
  /** The MNIST preset is being fetched from the service. */
  presetLoading = $state(false)
  private mnist: Promise<MnistFirsts> | null = null

  /** `nextDraw`: the number of the panel's next random draw (seeds the random preset). */
  constructor(
    private readonly grid: HopfieldGridState,
    private readonly nextDraw: () => number
  ) {}

  /** Fig. 2 of the paper: vertical and horizontal stripes stored; the vertical one, half blanked, as input. */
  loadPaperExample(): void {
    const [v, h] = paperStripes()
    const grid = this.grid
    grid.width = 4
    grid.height = 4
    this.patterns = [lib(v, 'vertical stripes'), lib(h, 'horizontal stripes')]
    this.selected = 0
    grid.probe = withBlankRect(plainProbe(Int8Array.from(v)), 4, 0, 2, 4, 2)
    grid.neuron = 0
    this.libraryProblem = null
  }

  private refuse(message: string): false {
    this.libraryProblem = message
    return false
  }

  store(): boolean {
    const problem = storeProblem(this.grid.shown, this.grid.N)
    if (problem) return this.refuse(problem)
    this.libraryProblem = null
    this.patterns = withAdded(this.patterns, lib(this.grid.shown))
    this.selected = this.patterns.length - 1
    return true
  }

  replaceSelected(): boolean {
    if (this.patterns.length === 0) return this.refuse('The library is empty: Store the grid as a new pattern instead.')
    const problem = storeProblem(this.grid.shown, this.grid.N)
    if (problem) return this.refuse(problem)
    this.libraryProblem = null
    this.patterns = withReplaced(this.patterns, this.selected, this.grid.shown)
    return true
  }

  removeSelected(): void {
    if (this.patterns.length === 0) return
    this.libraryProblem = null
    this.patterns = withRemoved(this.patterns, this.selected)
    this.selected = Math.min(this.selected, Math.max(0, this.patterns.length - 1))
  }

  moveSelected(by: number): void {
    const to = this.selected + by
    if (to < 0 || to >= this.patterns.length) return
    this.patterns = withMoved(this.patterns, this.selected, to)
    this.selected = to
  }

  clearLibrary(): void {
    this.patterns = []
    this.selected = 0
    this.libraryProblem = null
  }

  /** Put library pattern k on the grid (as an uncorrupted probe). */
  loadToGrid(k: number): void {
    const p = this.patterns[k]
    if (!p) return
    this.selected = k
    this.grid.setBase(p.data.slice())
  }

  /** The random preset's count field's problem, from its value as it is now. */
  get countProblem(): string | null {
    const n = this.presetCount
    return Number.isInteger(n) && n >= 1 && n <= 500 ? null : `Patterns must be a whole number from 1 to 500${Number.isFinite(n) ? ` (got ${n})` : ''}.`
  }

  /** The preset's patterns and grid size, or a message saying why it cannot be made. */
  presetPatterns(): Made | string {
    const kind = this.presetKind
    if (kind === 'mnist') return 'The MNIST digits come from the service: use applyPreset.'
    if (kind === 'paper') {
      const [v, h] = paperStripes()
      return { width: 4, height: 4, patterns: [lib(v, 'vertical stripes'), lib(h, 'horizontal stripes')] }
    }
    const { width, height } = this.grid
    if (kind === 'random') {
      const problem = this.countProblem ?? densityProblem(this.presetDensity)
      if (problem) return problem
      const count = this.presetCount
      const pats = presetPatterns('random', width, height, { count, density: this.presetDensity, seed: 1000 + this.nextDraw() })
      return { width, height, patterns: pats.map((p, k) => lib(p, `random ${k + 1}`)) }
    }
    const [w, h] = this.presetSize === 'grid' ? [width, height] : this.presetSize.split('x').map(Number)
    const chars = this.presetChars.toUpperCase().replace(/\s+/g, '')
    const allowed = kind === 'letters' ? GLYPHS.replace(/[0-9]/g, '') : '0123456789'
    if (chars.length === 0) return kind === 'letters' ? 'Type the letters to store, e.g. ABC.' : 'Type the digits to store, e.g. 0123.'
    const bad = [...chars].find((c) => !allowed.includes(c))
    if (bad) return kind === 'letters' ? `'${bad}' is not a letter A–Z.` : `'${bad}' is not a digit 0–9.`
    if (new Set(chars).size !== chars.length) return 'Each character once: a pattern stored twice adds nothing but crosstalk.'
    return { width: w, height: h, patterns: glyphs(chars, w, h).map((p, k) => lib(p, chars[k])) }
  }

  /**
   * The MNIST preset: the first digit of each chosen class of the bundled set, resized to the
   * chosen grid (area average when shrinking, nearest when enlarging) and cut at grey 128.
   * Null when the digits could not be fetched (reported); a string says what is wrong.
   */
  private async mnistPatterns(): Promise<Made | string | null> {
    const [w, h] = this.mnistSize === 'grid' ? [this.grid.width, this.grid.height] : this.mnistSize.split('x').map(Number)
    const classes = parseClasses(this.mnistClasses)
    if (typeof classes === 'string') return classes
    let firsts: MnistFirsts
    try {
      this.mnist ??= fetchMnistFirsts()
      firsts = await this.mnist
    } catch (e) {
      this.mnist = null
      errors.report(e, 'Load MNIST digits')
      return null
    }
    const missing = classes.filter((c) => c >= firsts.classes || !firsts.byClass[c])
    if (missing.length) return `The bundled digits have no ${missing.join(', ')}.`
    const patterns = classes.map((c) => {
      const d = firsts.byClass[c]!
      return lib(digitPattern(d.pixels, firsts.cols, firsts.rows, w, h), `MNIST ${c}`)
    })
    return { width: w, height: h, patterns }
  }

  /** Load the preset: 'replace' makes it the library (and sets the grid to its size); 'add' appends it. */
  async applyPreset(mode: 'replace' | 'add'): Promise<boolean> {
    let made: Made | string | null
    if (this.presetKind === 'mnist') {
      if (this.presetLoading) return false
      this.presetLoading = true
      try {
        made = await this.mnistPatterns()
      } finally {
        this.presetLoading = false
      }
      if (made === null) return false
    } else made = this.presetPatterns()
    if (typeof made === 'string') return this.refuse(made)
    const grid = this.grid
    if (mode === 'add') {
      if (this.patterns.length > 0 && (made.width !== grid.width || made.height !== grid.height))
        return this.refuse(
          `These patterns are ${made.width}×${made.height} but the library holds ${grid.width}×${grid.height} patterns: patterns of mismatched size cannot be stored together. Replace the library instead, or choose the size “grid”.`
        )
      if (this.patterns.length === 0 && !grid.setSize(made.width, made.height)) return false
      this.patterns = [...this.patterns, ...made.patterns]
    } else {
      this.patterns = []
      if (!grid.setSize(made.width, made.height)) return false
      this.patterns = made.patterns
      this.selected = 0
    }
    this.libraryProblem = null
    // A new size left an empty grid: show the first new pattern, ready to corrupt.
    if (grid.shown.every((v) => v === -1)) grid.setBase(made.patterns[0].data.slice())
    return true
  }

  exportLibrary(): { filename: string; text: string } {
    const { width, height } = this.grid
    return { filename: `hopfield-library-${width}x${height}.json`, text: libraryJson(width, height, this.patterns) }
  }

  importLibrary(text: string, mode: 'replace' | 'add'): boolean {
    let file
    try {
      file = parseLibraryJson(text)
    } catch (e) {
      return this.refuse(e instanceof Error ? e.message : String(e))
    }
    const pats = file.patterns.map((p) => lib(p.data, p.label))
    const grid = this.grid
    if (mode === 'add' && this.patterns.length > 0) {
      if (file.width !== grid.width || file.height !== grid.height)
        return this.refuse(
          `The file's patterns are ${file.width}×${file.height} but the library holds ${grid.width}×${grid.height} patterns: patterns of mismatched size. Nothing was loaded.`
        )
      this.patterns = [...this.patterns, ...pats]
    } else {
      const old = this.patterns
      this.patterns = []
      if (!grid.setSize(file.width, file.height)) {
        this.patterns = old
        return false
      }
      this.patterns = pats
      this.selected = 0
    }
    this.libraryProblem = null
    return true
  }
}
