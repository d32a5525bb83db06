// The shapes the Hopfield engine works with. Job params are plain interfaces here (the engine
// does not import src/shared); they are structurally identical to the zod outputs of
// src/shared/kinds/hopfield.ts, which a type-level test checks.

/** How W is learned from the stored patterns (all give a symmetric W with zero diagonal). */
export type LearningRule = 'hebbian' | 'storkey' | 'pseudoinverse'

/**
 * How Eq. 2 is applied: one neuron at a time in a fresh random order each pass, one at a
 * time in index order, all at once (can fall into 2-cycles), or stochastically at
 * temperature T (Glauber / heat bath: the bridge to Boltzmann machines).
 */
export type HopfieldDynamics = 'async-random' | 'async-fixed' | 'sync' | 'glauber'


/** A network: N neurons, W row-major N×N (symmetric, zero diagonal), thresholds b (Eq. 2). */
export interface HopfieldNet {
  N: number
  W: Float64Array
  b: Float64Array
}

/** p patterns of N units, ±1, pattern μ at data[μN .. μN+N). */
export interface PatternSet {
  p: number
  N: number
  data: Int8Array
}

/**
 * One corruption step applied to the recall input. Unknown (blanked) pixels take the value 0:
 * they contribute no field to the others and get ±1 on their first update.
 */
export type Corruption =
  | { type: 'flip'; fraction: number }
  | { type: 'blank'; x: number; y: number; width: number; height: number }
  | { type: 'mask'; mask: number[]; mode: 'blank' | 'flip' }

/** Where the recall starts, before corruption. */
export type RecallInput =
  | { from: 'pattern'; index: number }
  | { from: 'state'; state: number[] }
  | { from: 'random'; density: number }

export interface HopfieldRecallParams {
  width: number
  height: number
  /** Each pattern ±1, row-major; as JSON numbers (the CLI) or as bytes (the renderer: no parsing on the way). */
  patterns: (number[] | Int8Array<ArrayBuffer>)[]
  rule: LearningRule
  dynamics: HopfieldDynamics
  /** Glauber temperature (ignored by the deterministic dynamics). */
  T: number
  /** bᵢ of Eq. 2: one value for every neuron, or one per neuron. */
  thresholds: number | number[]
  input: RecallInput
  corruption: Corruption[]
  /** Passes over all neurons (a synchronous step is one pass) before giving up. */
  maxSweeps: number
  /** Neuron updates between two stored states; 0 = one per pass. */
  stateStride: number
  /** |m| at or above which the final state counts as pattern k (or its inverse). */
  matchOverlap: number
  /** Cap on neuron updates per second so a small net can be watched; 0 = as fast as possible. */
  maxUpdatesPerSecond: number
}

export interface HopfieldRecallControl {
  T?: number
  maxUpdatesPerSecond?: number
}

export type AlphaRange = number[] | { from: number; to: number; points: number }

export interface HopfieldCapacityParams {
  N: number
  alphas: AlphaRange
  trials: number
  /** Fraction of pixels flipped in each recall probe. */
  corruption: number
  rules: LearningRule[]
  /** Stored patterns probed by a corrupted recall per trial (capped at p); 0 = none. */
  probes: number
  maxSweeps: number
  /** Probability that a pixel of a random pattern is +1. */
  density: number
}
