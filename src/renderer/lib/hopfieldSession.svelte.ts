// The Hopfield panel's state: the drawing grid with its corruption, the pattern library, the
// last recall (a scratch 'hopfield.recall' run, replayed in the renderer) and the capacity
// experiment (a kept 'hopfield.capacity' run with progress). It lives at module level so that
// switching panels loses nothing, and a capacity run still going after a reload is reattached.

import { createRng } from '../../engine/rng'
import { paperStripes, presetPatterns, glyphs, GLYPHS } from '../../engine/hopfield/presets'
import {
  hopfieldCapacity,
  hopfieldCapacityParams,
  hopfieldRecall,
  hopfieldRecallParams,
  hopfieldDynamics,
  hopfieldRules,
  type HopfieldCapacityParams
} from '../../shared/kinds/hopfield'
import type { LabEvent } from '../../shared/types'
import { call, onEvent } from './lab'
import { errors } from './errors.svelte'
import { JobSession } from './jobSession.svelte'
import { isEnded } from './liveJob'
import { parseSeed } from './seed'
import {
  blankGrid,
  corruptionCounts,
  corruptionSteps,
  inverted,
  libraryJson,
  parseLibraryJson,
  plainProbe,
  probeState,
  randomGrid,
  resizeProblem,
  shifted,
  storeProblem,
  withAdded,
  withBlankRect,
  withBrush,
  withFlippedFraction,
  withMoved,
  withPainted,
  withRemoved,
  withReplaced,
  type LibPattern,
  type Probe
} from './hopfieldGrid'
import type { RecallRecord } from './hopfieldReplay'
import { loadRecallRecord } from './hopfieldRuns'
import type { Rule } from './hopfieldCapacity'
import { digitPattern, firstSeen, gapIndices, parseClasses, strideSample } from './hopfieldMnist'
import { MAX_DIGITS_PER_CALL } from '../../shared/api'

export type Dynamics = (typeof hopfieldDynamics)[number]
export type Tool = 'draw' | 'blank' | 'flip' | 'pick'
export const RULES = hopfieldRules
export const DYNAMICS = hopfieldDynamics

/** Replay speeds offered, in neuron updates per second. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000] as const

/** A speed that shows a pass over all N neurons in a few seconds (and single updates on small grids). */
export function defaultSpeed(N: number): number {
  const target = N <= 16 ? 2 : N / 3
  let best: number = SPEEDS[0]
  for (const s of SPEEDS) if (s <= target) best = s
  return best
}

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

/** The seed a text field gives (empty: random), or its problem added to `problems`. */
function seedOrProblem(text: string, problems: string[]): number | undefined {
  try {
    return parseSeed(text)
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e))
    return undefined
  }
}

interface Ended {
  status: string
  error?: string
  result?: Record<string, unknown>
}

let nextId = 1
const lib = (data: ArrayLike<number>, label = ''): LibPattern => ({ id: nextId++, label, data: Int8Array.from(data) })

export class HopfieldSession {
  // ── the grid and its probe ───────────────────────────────────────────────────────────
  width = $state(4)
  height = $state(4)
  probe = $state.raw<Probe>(plainProbe(blankGrid(16)))
  tool = $state<Tool>('draw')
  flipPercent = $state(20)
  randomDensity = $state(0.5)
  /** A message about the last grid action that was refused (nothing changed). */
  gridProblem = $state<string | null>(null)
  corruptProblem = $state<string | null>(null)

  // ── the library ──────────────────────────────────────────────────────────────────────
  library = $state.raw<LibPattern[]>([])
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

  // ── recall ───────────────────────────────────────────────────────────────────────────
  rule = $state<Rule>('hebbian')
  dynamics = $state<Dynamics>('async-random')
  T = $state(0.5)
  maxSweeps = $state(20)
  seedText = $state('')
  recallPhase = $state<'idle' | 'starting' | 'ready'>('idle')
  recallProblems = $state<string[]>([])
  runId = $state<number | null>(null)
  seed = $state<number | null>(null)
  record = $state.raw<RecallRecord | null>(null)
  /** Bumped by each new recall: the replay starts playing from the input. */
  autoplay = $state(0)
  /** Where the replay was, so coming back to the panel does not restart it. */
  replayT = 0
  speed = $state(2)
  speedChosen = false
  kept = $state<{ id: number; name: string } | null>(null)
  keepName = $state('')
  keeping = $state(false)

  /** Neuron shown in the weights view (and picked on the grid with the Pick tool). */
  neuron = $state(0)

  // ── capacity ─────────────────────────────────────────────────────────────────────────
  capN = $state(400)
  capFrom = $state(0.02)
  capTo = $state(0.3)
  capPoints = $state(15)
  capTrials = $state(10)
  capCorruptionPct = $state(10)
  capRules = $state<Rule[]>(['hebbian'])
  capProbes = $state(10)
  capMaxSweeps = $state(30)
  capDensity = $state(0.5)
  capSeedText = $state('')
  capProblems = $state<string[]>([])
  /** The experiment as a batch job: progress, stop, budget confirmation, reattach after a reload. */
  readonly capJob = new JobSession(hopfieldCapacity.kind)

  private started = false
  private ended = new Map<number, Ended>()
  private waiters = new Map<number, (e: Ended) => void>()
  private rngCounter = 0

  constructor() {
    this.loadPaperExample()
  }

  get N(): number {
    return this.width * this.height
  }

  /** What the input grid shows: the drawing with its corruption. */
  get shown(): Int8Array {
    return probeState(this.probe)
  }

  get counts(): { flipped: number; blanked: number } {
    return corruptionCounts(this.probe)
  }

  init(): void {
    if (this.started) return
    this.started = true
    onEvent((e) => this.onEvent(e))
    this.capJob.init()
  }

  /** A fresh random stream for each corruption or random fill (seeded: reproducible within a session). */
  private rng() {
    return createRng(0x5eed, ++this.rngCounter)
  }

  // ── grid actions ─────────────────────────────────────────────────────────────────────

  /** Fig. 2 of the paper: vertical and horizontal stripes stored; the vertical one, half blanked, as input. */
  loadPaperExample(): void {
    const [v, h] = paperStripes()
    this.width = 4
    this.height = 4
    this.library = [lib(v, 'vertical stripes'), lib(h, 'horizontal stripes')]
    this.selected = 0
    this.probe = withBlankRect(plainProbe(Int8Array.from(v)), 4, 0, 2, 4, 2)
    this.neuron = 0
    this.gridProblem = null
    this.libraryProblem = null
  }

  setSize(width: number, height: number): boolean {
    const problem = resizeProblem(width, height, { width: this.width, height: this.height }, this.library.length)
    if (problem) {
      this.gridProblem = problem
      return false
    }
    this.gridProblem = null
    if (width === this.width && height === this.height) return true
    this.width = width
    this.height = height
    this.probe = plainProbe(blankGrid(width * height))
    this.neuron = Math.min(this.neuron, width * height - 1)
    this.forgetRecall()
    return true
  }

  private setBase(s: Int8Array): void {
    this.probe = plainProbe(s)
    this.gridProblem = null
  }

  clearGrid(): void {
    this.setBase(blankGrid(this.N))
  }
  invertGrid(): void {
    this.setBase(inverted(this.shown))
  }
  shiftGrid(dx: number, dy: number): void {
    this.setBase(shifted(this.shown, this.width, this.height, dx, dy))
  }
  randomGrid(): void {
    const d = this.randomDensity
    if (typeof d !== 'number' || !(d > 0 && d < 1)) {
      this.gridProblem = 'The density of +1 pixels must be between 0 and 1.'
      return
    }
    this.setBase(randomGrid(this.N, this.randomDensity, this.rng()))
  }

  /** Paint pixels with the draw tool: they take the value, and lose any corruption there (the rest keeps its own). */
  paint(cells: readonly number[], value: 1 | -1): void {
    const p = withPainted(this.probe, cells, value)
    if (p !== this.probe) this.probe = p
  }

  toggle(i: number): void {
    const v = this.shown[i]
    this.paint([i], v > 0 ? -1 : 1)
  }

  brush(cells: readonly number[], mode: 'blank' | 'flip' | 'clear'): void {
    if (cells.length) this.probe = withBrush(this.probe, cells, mode)
  }

  flipRandom(): void {
    const pct = this.flipPercent
    if (typeof pct !== 'number' || !(pct >= 0 && pct <= 100)) {
      this.corruptProblem = 'The share of pixels to flip must be a percentage from 0 to 100.'
      return
    }
    this.corruptProblem = null
    this.probe = withFlippedFraction(this.probe, this.flipPercent / 100, this.rng())
  }

  blankRegion(which: 'top' | 'bottom' | 'left' | 'right' | 'centre'): void {
    const { width: w, height: h } = this
    const hw = Math.ceil(w / 2)
    const hh = Math.ceil(h / 2)
    const rect =
      which === 'top'
        ? [0, 0, w, hh]
        : which === 'bottom'
          ? [0, h - hh, w, hh]
          : which === 'left'
            ? [0, 0, hw, h]
            : which === 'right'
              ? [w - hw, 0, hw, h]
              : [Math.floor(w / 4), Math.floor(h / 4), Math.max(1, Math.ceil(w / 2)), Math.max(1, Math.ceil(h / 2))]
    this.probe = withBlankRect(this.probe, w, rect[0], rect[1], rect[2], rect[3])
  }

  undoCorruption(): void {
    this.probe = plainProbe(this.probe.base)
  }

  // ── library actions ──────────────────────────────────────────────────────────────────

  private libraryRefusal(message: string): false {
    this.libraryProblem = message
    return false
  }

  store(): boolean {
    const problem = storeProblem(this.shown, this.N)
    if (problem) return this.libraryRefusal(problem)
    this.libraryProblem = null
    this.library = withAdded(this.library, lib(this.shown))
    this.selected = this.library.length - 1
    return true
  }

  replaceSelected(): boolean {
    if (this.library.length === 0) return this.libraryRefusal('The library is empty: Store the grid as a new pattern instead.')
    const problem = storeProblem(this.shown, this.N)
    if (problem) return this.libraryRefusal(problem)
    this.libraryProblem = null
    this.library = withReplaced(this.library, this.selected, this.shown)
    return true
  }

  removeSelected(): void {
    if (this.library.length === 0) return
    this.libraryProblem = null
    this.library = withRemoved(this.library, this.selected)
    this.selected = Math.min(this.selected, Math.max(0, this.library.length - 1))
  }

  moveSelected(by: number): void {
    const to = this.selected + by
    if (to < 0 || to >= this.library.length) return
    this.library = withMoved(this.library, this.selected, to)
    this.selected = to
  }

  clearLibrary(): void {
    this.library = []
    this.selected = 0
    this.libraryProblem = null
  }

  /** Put library pattern k on the grid (as an uncorrupted probe). */
  loadToGrid(k: number): void {
    const p = this.library[k]
    if (!p) return
    this.selected = k
    this.setBase(p.data.slice())
  }

  /** The preset's patterns and grid size, or a message saying why it cannot be made. */
  presetPatterns(): { width: number; height: number; patterns: LibPattern[] } | string {
    const kind = this.presetKind
    if (kind === 'mnist') return 'The MNIST digits come from the service: use applyPreset.'
    if (kind === 'paper') {
      const [v, h] = paperStripes()
      return { width: 4, height: 4, patterns: [lib(v, 'vertical stripes'), lib(h, 'horizontal stripes')] }
    }
    if (kind === 'random') {
      const count = this.presetCount
      if (!Number.isInteger(count) || count < 1 || count > 500) return 'Give a whole number of random patterns from 1 to 500.'
      if (!(this.presetDensity > 0 && this.presetDensity < 1)) return 'The density of +1 pixels must be between 0 and 1.'
      const pats = presetPatterns('random', this.width, this.height, { count, density: this.presetDensity, seed: 1000 + ++this.rngCounter })
      return { width: this.width, height: this.height, patterns: pats.map((p, k) => lib(p, `random ${k + 1}`)) }
    }
    const [w, h] = this.presetSize === 'grid' ? [this.width, this.height] : this.presetSize.split('x').map(Number)
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
  private async mnistPatterns(): Promise<{ width: number; height: number; patterns: LibPattern[] } | string | null> {
    const [w, h] = this.mnistSize === 'grid' ? [this.width, this.height] : this.mnistSize.split('x').map(Number)
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
    let made: ReturnType<HopfieldSession['presetPatterns']> | null
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
    if (typeof made === 'string') return this.libraryRefusal(made)
    if (mode === 'add') {
      if (this.library.length > 0 && (made.width !== this.width || made.height !== this.height))
        return this.libraryRefusal(
          `These patterns are ${made.width}×${made.height} but the library holds ${this.width}×${this.height} patterns: patterns of mismatched size cannot be stored together. Replace the library instead, or choose the size “grid”.`
        )
      if (this.library.length === 0 && !this.setSize(made.width, made.height)) return false
      this.library = [...this.library, ...made.patterns]
    } else {
      this.library = []
      if (!this.setSize(made.width, made.height)) return false
      this.library = made.patterns
      this.selected = 0
    }
    this.libraryProblem = null
    // A new size left an empty grid: show the first new pattern, ready to corrupt.
    if (this.shown.every((v) => v === -1)) this.setBase(made.patterns[0].data.slice())
    return true
  }

  exportLibrary(): { filename: string; text: string } {
    return { filename: `hopfield-library-${this.width}x${this.height}.json`, text: libraryJson(this.width, this.height, this.library) }
  }

  importLibrary(text: string, mode: 'replace' | 'add'): boolean {
    let file
    try {
      file = parseLibraryJson(text)
    } catch (e) {
      return this.libraryRefusal(e instanceof Error ? e.message : String(e))
    }
    const pats = file.patterns.map((p) => lib(p.data, p.label))
    if (mode === 'add' && this.library.length > 0) {
      if (file.width !== this.width || file.height !== this.height)
        return this.libraryRefusal(
          `The file's patterns are ${file.width}×${file.height} but the library holds ${this.width}×${this.height} patterns: patterns of mismatched size. Nothing was loaded.`
        )
      this.library = [...this.library, ...pats]
    } else {
      const old = this.library
      this.library = []
      if (!this.setSize(file.width, file.height)) {
        this.library = old
        return false
      }
      this.library = pats
      this.selected = 0
    }
    this.libraryProblem = null
    return true
  }

  // ── recall ───────────────────────────────────────────────────────────────────────────

  recallParams() {
    return {
      width: this.width,
      height: this.height,
      // Bytes, not JSON numbers: a full library is 16 MiB that the service reads without parsing.
      patterns: this.library.map((p) => Int8Array.from(p.data)),
      rule: this.rule,
      dynamics: this.dynamics,
      T: this.T,
      thresholds: 0,
      input: { from: 'state' as const, state: Array.from(this.probe.base) },
      corruption: corruptionSteps(this.probe),
      maxSweeps: this.maxSweeps,
      stateStride: 0,
      matchOverlap: 1,
      maxUpdatesPerSecond: 0
    }
  }

  /** Problems that stop a recall, in the words of the kind's schema (the service checks the same). */
  recallCheck(): string[] {
    const parsed = hopfieldRecallParams.safeParse(this.recallParams())
    if (!parsed.success) return [...new Set(parsed.error.issues.map((i) => i.message))]
    const cost = hopfieldRecall.cost?.(parsed.data) ?? 0
    const budget = hopfieldRecall.budget ?? Infinity
    if (cost > budget)
      return [`This recall could take ${cost.toExponential(1)} multiply–adds (budget ${budget.toExponential(0)}): lower Max passes (a recall settles in a few).`]
    return []
  }

  async recall(): Promise<void> {
    if (this.recallPhase === 'starting') return
    const problems = this.recallCheck()
    const seed = seedOrProblem(this.seedText, problems)
    this.recallProblems = problems
    if (problems.length) return
    const { flipped, blanked } = this.counts
    const name =
      `Recall ${this.width}×${this.height}, ${this.library.length} pattern${this.library.length === 1 ? '' : 's'}, ${this.rule}` +
      (flipped || blanked ? `, ${[flipped ? `${flipped} flipped` : '', blanked ? `${blanked} blanked` : ''].filter(Boolean).join(', ')}` : '')
    this.recallPhase = 'starting'
    this.kept = null
    this.keepName = ''
    try {
      const r = await call('jobs.start', { kind: hopfieldRecall.kind, params: this.recallParams(), seed, name, keep: false })
      this.runId = r.runId
      this.seed = r.seed
      const end = await this.waitEnd(r.runId)
      if (end.status !== 'done') throw new Error(end.error ?? `the recall ended ${end.status}`)
      const record = await loadRecallRecord(r.runId)
      if (!this.speedChosen) this.speed = defaultSpeed(record.N)
      this.record = record
      this.replayT = 0
      this.autoplay++
      this.recallPhase = 'ready'
    } catch (e) {
      this.recallPhase = this.record ? 'ready' : 'idle'
      errors.report(e, 'Recall')
    }
  }

  /** Drop the shown recall (it belongs to another grid); the run itself stays as it was. */
  forgetRecall(): void {
    if (this.recallPhase === 'starting') return
    this.record = null
    this.runId = null
    this.seed = null
    this.kept = null
    this.keepName = ''
    this.replayT = 0
    this.recallPhase = 'idle'
  }

  setSpeed(s: number): void {
    this.speed = s
    this.speedChosen = true
  }

  async keep(): Promise<void> {
    if (this.runId === null || this.keeping) return
    this.keeping = true
    try {
      const name = this.keepName.trim()
      const run = await call('runs.keep', name ? { runId: this.runId, name } : { runId: this.runId })
      this.kept = { id: run.id, name: run.name }
      this.keepName = run.name
    } catch (e) {
      errors.report(e, 'Keep the recall')
    } finally {
      this.keeping = false
    }
  }

  async rename(): Promise<void> {
    if (!this.kept || this.keeping) return
    const name = this.keepName.trim()
    if (!name || name === this.kept.name) return
    this.keeping = true
    try {
      const run = await call('runs.rename', { runId: this.kept.id, name })
      this.kept = { id: run.id, name: run.name }
    } catch (e) {
      errors.report(e, 'Rename the kept recall')
    } finally {
      this.keeping = false
    }
  }

  private waitEnd(runId: number): Promise<Ended> {
    const done = this.ended.get(runId)
    if (done) return Promise.resolve(done)
    return new Promise((resolve) => this.waiters.set(runId, resolve))
  }

  // ── capacity ─────────────────────────────────────────────────────────────────────────

  capacityParams() {
    return {
      N: this.capN,
      alphas: { from: this.capFrom, to: this.capTo, points: this.capPoints },
      trials: this.capTrials,
      corruption: this.capCorruptionPct / 100,
      rules: [...this.capRules],
      probes: this.capProbes,
      maxSweeps: this.capMaxSweeps,
      density: this.capDensity
    }
  }

  /** Problems with the experiment's settings, and its cost against the kind's budget. */
  capacityCheck(): { problems: string[]; cost: number | null; params: HopfieldCapacityParams | null } {
    const problems: string[] = []
    if (this.capFrom > this.capTo) problems.push('The α range must go from a smaller to a larger load.')
    const parsed = hopfieldCapacityParams.safeParse(this.capacityParams())
    if (!parsed.success) problems.push(...new Set(parsed.error.issues.map((i) => i.message)))
    const params = parsed.success ? parsed.data : null
    return { problems, cost: params && hopfieldCapacity.cost ? hopfieldCapacity.cost(params) : null, params }
  }

  async startCapacity(): Promise<void> {
    if (this.capJob.active) return
    const { problems } = this.capacityCheck()
    const seed = seedOrProblem(this.capSeedText, problems)
    this.capProblems = problems
    if (problems.length) return
    const params = this.capacityParams()
    // Work beyond the kind's budget comes back as a question (capJob.pendingConfirm), not an error.
    await this.capJob.start(params, {
      seed,
      name: `Capacity N = ${params.N}, α ${params.alphas.from}–${params.alphas.to}, ${params.rules.join(' + ')}`
    })
  }

  // ── events ───────────────────────────────────────────────────────────────────────────

  private onEvent(e: LabEvent): void {
    if (e.type !== 'job.status' || e.kind !== hopfieldRecall.kind || !isEnded(e.status)) return
    const end: Ended = { status: e.status, error: e.error, result: e.result }
    this.ended.set(e.runId, end)
    if (this.ended.size > 50) this.ended.delete(this.ended.keys().next().value as number)
    const w = this.waiters.get(e.runId)
    if (w) {
      this.waiters.delete(e.runId)
      w(end)
    }
  }
}

export const hopfield = new HopfieldSession()
