// The Hopfield panel's state, by concern: the drawing grid and its corruption, the pattern
// library with its presets, the recall replayed in the panel, and the capacity experiment.
// Module level, so switching panels loses nothing; a capacity run still going after a reload
// is reattached.

import { hopfieldDynamics, hopfieldRules } from '../../shared/kinds/hopfield'
import { CapacityState } from './hopfieldCapacityState.svelte'
import { HopfieldGridState } from './hopfieldGridState.svelte'
import { PatternLibraryState } from './hopfieldLibraryState.svelte'
import { RecallState } from './hopfieldRecallState.svelte'

export const RULES = hopfieldRules
export const DYNAMICS = hopfieldDynamics

/** Random draws so far (corruptions, random fills, random presets): each is seeded by its number. */
let draws = 0
const nextDraw = (): number => ++draws

export const gridModel: HopfieldGridState = new HopfieldGridState({
  patternCount: () => libraryModel.patterns.length,
  resized: () => recallModel.forget(),
  nextDraw
})
export const libraryModel = new PatternLibraryState(gridModel, nextDraw)
export const recallModel = new RecallState(gridModel, libraryModel)
export const capacityModel = new CapacityState()
libraryModel.loadPaperExample()

/** Follow the panel's jobs (idempotent). */
export function initHopfield(): void {
  recallModel.job.init()
  capacityModel.job.init()
}
