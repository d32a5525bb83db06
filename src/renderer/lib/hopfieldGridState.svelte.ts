// The Hopfield panel's drawing grid: its size, the drawn pattern with its corruption (the
// recall's input), the tool in hand, and the neuron picked for the weights view.

import { createRng, type Rng } from '../../engine/rng'
import {
  blankGrid,
  corruptionCounts,
  inverted,
  plainProbe,
  probeState,
  randomGrid,
  resizeProblem,
  densityProblem,
  shifted,
  withBlankRect,
  withBrush,
  withFlippedFraction,
  withPainted,
  type Probe
} from './hopfieldGrid'

export type Tool = 'draw' | 'blank' | 'flip' | 'pick'

/** What the grid needs of the rest of the panel. */
export interface GridLinks {
  /** Patterns in the library: the grid cannot change size while it holds any. */
  patternCount(): number
  /** The grid changed size: the recall on show belongs to the old one. */
  resized(): void
  /** The number of the next random draw of the panel (seeded: reproducible within a session). */
  nextDraw(): number
}

export class HopfieldGridState {
  width = $state(4)
  height = $state(4)
  probe = $state.raw<Probe>(plainProbe(blankGrid(16)))
  tool = $state<Tool>('draw')
  flipPercent = $state(20)
  randomDensity = $state(0.5)
  /** Neuron shown in the weights view (and picked on the grid with the Pick tool). */
  neuron = $state(0)

  constructor(private readonly links: GridLinks) {}

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

  /** A fresh random stream for each corruption or random fill. */
  private rng(): Rng {
    return createRng(0x5eed, this.links.nextDraw())
  }

  /** Why the grid cannot become width×height now (the size fields show it), or null. */
  sizeProblem(width: number, height: number): string | null {
    return resizeProblem(width, height, { width: this.width, height: this.height }, this.links.patternCount())
  }

  /** The density field's problem, from its value as it is now. */
  get densityProblem(): string | null {
    return densityProblem(this.randomDensity)
  }

  /** The flip field's problem, from its value as it is now. */
  get flipProblem(): string | null {
    const pct = this.flipPercent
    return Number.isFinite(pct) && pct >= 0 && pct <= 100 ? null : `Flip must be a percentage from 0 to 100${Number.isFinite(pct) ? ` (got ${pct})` : ''}.`
  }

  /** Resize (blanking the grid); false, changing nothing, when sizeProblem says why not. */
  setSize(width: number, height: number): boolean {
    if (this.sizeProblem(width, height)) return false
    if (width === this.width && height === this.height) return true
    this.width = width
    this.height = height
    this.probe = plainProbe(blankGrid(width * height))
    this.neuron = Math.min(this.neuron, width * height - 1)
    this.links.resized()
    return true
  }

  /** Draw `s` afresh, with no corruption. */
  setBase(s: Int8Array): void {
    this.probe = plainProbe(s)
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
    if (this.densityProblem) return
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
    if (this.flipProblem) return
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
}
