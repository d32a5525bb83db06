import { z } from 'zod'
import { defineKind, noControl } from './define'

// Hopfield networks (section II): ±1 units on a width×height grid, W learned from stored
// patterns (Eq. 3 and two other rules), recall by Eq. 2, energy Eq. 4.

export const HOPFIELD_GRID_MIN = 4
export const HOPFIELD_GRID_MAX = 64
export const hopfieldRules = ['hebbian', 'storkey', 'pseudoinverse'] as const
export const hopfieldDynamics = ['async-random', 'async-fixed', 'sync', 'glauber'] as const

const gridSide = (name: string) =>
  z
    .number()
    .int(`grid ${name} must be a whole number`)
    .min(HOPFIELD_GRID_MIN, `grid ${name} must be from ${HOPFIELD_GRID_MIN} to ${HOPFIELD_GRID_MAX}`)
    .max(HOPFIELD_GRID_MAX, `grid ${name} must be from ${HOPFIELD_GRID_MIN} to ${HOPFIELD_GRID_MAX}`)

const MAX_N = HOPFIELD_GRID_MAX * HOPFIELD_GRID_MAX
const Pixels = z.array(z.number()).max(MAX_N, `at most ${MAX_N} pixels`)
/** A stored pattern: JSON numbers, or bytes (the renderer sends bytes: a full library is 16 MiB of them, not 42 MB of JSON). */
const PatternPixels = z.union([Pixels, z.instanceof(Int8Array).refine((a) => a.length <= MAX_N, `at most ${MAX_N} pixels`)])
const Rule = z.enum(hopfieldRules)
const HopfieldT = z.number().positive('T must be > 0').max(100, 'T must be at most 100')
const UpdatesPerSecond = z.number().min(0).max(1e9)

export const hopfieldCorruption = z.discriminatedUnion('type', [
  /** Flip this fraction of the pixels, chosen at random. */
  z.object({ type: z.literal('flip'), fraction: z.number().min(0, 'flip fraction must be in [0, 1]').max(1, 'flip fraction must be in [0, 1]') }).strict(),
  /** Blank a rectangle: its pixels become unknown (0) and get set on their first update. */
  z
    .object({
      type: z.literal('blank'),
      x: z.number().int().min(0),
      y: z.number().int().min(0),
      width: z.number().int().min(1),
      height: z.number().int().min(1)
    })
    .strict(),
  /** A brush mask, one value per pixel (1 = painted): painted pixels are blanked or flipped. */
  z.object({ type: z.literal('mask'), mask: Pixels, mode: z.enum(['blank', 'flip']).default('blank') }).strict()
])

export const hopfieldInput = z.discriminatedUnion('from', [
  z.object({ from: z.literal('pattern'), index: z.number().int().min(0, 'pattern index must be ≥ 0') }).strict(),
  /** A drawn state: +1, −1, or 0 for unknown. */
  z.object({ from: z.literal('state'), state: Pixels }).strict(),
  z.object({ from: z.literal('random'), density: z.number().gt(0).lt(1).default(0.5) }).strict()
])

/** Index of the first pixel that is not ±1, or −1. One loop per array type: a full library is 16.7M pixels. */
function notSpin(P: number[] | Int8Array): number {
  if (P instanceof Int8Array) {
    for (let i = 0; i < P.length; i++) if (P[i] * P[i] !== 1) return i
    return -1
  }
  return P.findIndex((v) => v !== 1 && v !== -1)
}

export const hopfieldRecallParams = z
  .object({
    width: gridSide('width'),
    height: gridSide('height'),
    /** The stored library: each pattern row-major, ±1, length width·height. */
    patterns: z
      .array(PatternPixels)
      .min(1, 'the pattern library is empty: store at least one pattern before recall')
      .max(MAX_N, `at most ${MAX_N} patterns`),
    rule: Rule.default('hebbian'),
    dynamics: z.enum(hopfieldDynamics).default('async-random'),
    /** Temperature of Glauber dynamics (unused by the others). */
    T: HopfieldT.default(0.5),
    /** Thresholds bᵢ of Eq. 2: one value for all neurons or one per neuron. */
    thresholds: z.union([z.number().min(-1e3).max(1e3), z.array(z.number().min(-1e3).max(1e3)).max(MAX_N)]).default(0),
    input: hopfieldInput.default({ from: 'pattern', index: 0 }),
    corruption: z.array(hopfieldCorruption).max(64).default([]),
    /** Passes over all neurons before giving up (a synchronous step is one pass). */
    maxSweeps: z.number().int().min(1, 'maxSweeps must be at least 1').max(10_000, 'maxSweeps must be at most 10000').default(100),
    /** Neuron updates between stored states; 0 = one per pass. */
    stateStride: z.number().int().min(0).max(1e9).default(0),
    /** |m| at or above which the final state counts as a stored pattern (1 = exactly). */
    matchOverlap: z.number().min(0.5).max(1).default(1),
    /** Cap on neuron updates per second so a small net can be watched; 0 = as fast as possible. */
    maxUpdatesPerSecond: UpdatesPerSecond.default(0)
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path })
    const N = p.width * p.height
    for (let k = 0; k < p.patterns.length; k++) {
      const P = p.patterns[k]
      if (P.length !== N) return issue(`pattern ${k} has ${P.length} pixels but a ${p.width}×${p.height} grid has ${N}`, ['patterns', k])
      const bad = notSpin(P)
      if (bad >= 0) return issue(`pattern ${k}, pixel ${bad} is ${P[bad]}: stored pixels must be +1 or −1`, ['patterns', k, bad])
    }
    if (p.rule === 'pseudoinverse' && p.patterns.length > N)
      issue(`the pseudo-inverse rule stores at most N = ${N} patterns (got ${p.patterns.length})`, ['patterns'])
    if (Array.isArray(p.thresholds) && p.thresholds.length !== N)
      issue(`thresholds has ${p.thresholds.length} values but the grid has ${N} neurons`, ['thresholds'])
    const inp = p.input
    if (inp.from === 'pattern' && inp.index >= p.patterns.length)
      issue(`input pattern ${inp.index} does not exist: the library has ${p.patterns.length} pattern${p.patterns.length === 1 ? '' : 's'}`, ['input', 'index'])
    if (inp.from === 'state') {
      if (inp.state.length !== N) issue(`the input state has ${inp.state.length} pixels but the grid has ${N}`, ['input', 'state'])
      const bad = inp.state.findIndex((v) => v !== 1 && v !== -1 && v !== 0)
      if (bad >= 0) issue(`input pixel ${bad} is ${inp.state[bad]}: input pixels are +1, −1 or 0 (unknown)`, ['input', 'state', bad])
    }
    p.corruption.forEach((c, k) => {
      if (c.type === 'blank' && (c.x + c.width > p.width || c.y + c.height > p.height))
        issue(`blank region ${c.width}×${c.height} at (${c.x}, ${c.y}) does not fit in the ${p.width}×${p.height} grid`, ['corruption', k])
      if (c.type === 'mask') {
        if (c.mask.length !== N) issue(`the brush mask has ${c.mask.length} pixels but the grid has ${N}`, ['corruption', k, 'mask'])
        else if (c.mask.some((v) => v !== 0 && v !== 1)) issue('brush mask values are 0 (untouched) or 1 (painted)', ['corruption', k, 'mask'])
      }
    })
  })

export const hopfieldRecallControl = z
  .object({
    T: HopfieldT.optional(),
    maxUpdatesPerSecond: UpdatesPerSecond.optional()
  })
  .strict()

export const hopfieldRecallResult = z
  .object({
    outcome: z.enum(['recalled', 'inverse', 'mixture', 'spurious', 'cycle']),
    /** Pattern recalled (or whose inverse was reached), else −1. */
    recalledIndex: z.number(),
    inverted: z.boolean(),
    /** Patterns with |m| ≥ 0.3, strongest first. */
    components: z.array(z.number()),
    /** Pattern with the largest |m| at the end, and that m. */
    nearest: z.number(),
    nearestOverlap: z.number(),
    overlaps: z.array(z.number()),
    /** Single-neuron updates done (a synchronous step counts N). */
    steps: z.number(),
    sweeps: z.number(),
    finalEnergy: z.number(),
    converged: z.boolean(),
    cycle: z.boolean(),
    stopped: z.boolean(),
    N: z.number(),
    p: z.number()
  })
  .strict()


const ruleWork = (rule: (typeof hopfieldRules)[number], p: number): number => (rule === 'hebbian' ? Math.ceil(p / 32) : p)

export const hopfieldRecall = defineKind({
  kind: 'hopfield.recall',
  title: 'Hopfield recall',
  summary: 'Store patterns (Eq. 3, Storkey or pseudo-inverse), corrupt an input and let Eq. 2 lower the energy of Eq. 4 until it settles.',
  params: hopfieldRecallParams,
  control: hopfieldRecallControl,
  result: hopfieldRecallResult,
  artifacts: [
    { name: 'patterns', description: 'the stored library, Int8 ±1, p × N' },
    { name: 'input', description: 'the corrupted start state, Int8 (0 = unknown)' },
    { name: 'weights', description: 'W, Float32 N × N (only up to N = 1024: larger ones follow from the patterns)' },
    { name: 'trajectory', description: 'one row per neuron update: site, field, new spin, energy (Float64)' },
    { name: 'states', description: 'the state every `stride` updates and the final one, Int8 count × N' }
  ],
  /** Multiply–adds: learning W, plus every update of every pass flipping (the worst case). */
  cost: (p) => {
    const N = p.width * p.height
    return N * N * (ruleWork(p.rule, p.patterns.length) + p.maxSweeps)
  },
  budget: 2e10,
  workUnit: 'multiply–adds (at most)',
  // As the capacity experiment's (the same weight products).
  typicalRate: 7e8,
  interactive: true,
  series: ['energy', 'flips', 'overlap', 'nearest']
})

export const hopfieldAlphaRange = z
  .object({
    from: z.number().gt(0, 'α must be > 0').max(1, 'α = p/N must be at most 1'),
    to: z.number().gt(0, 'α must be > 0').max(1, 'α = p/N must be at most 1'),
    points: z.number().int().min(1).max(100)
  })
  .strict()

export const hopfieldCapacityParams = z
  .object({
    N: z.number().int().min(16, 'N must be at least 16').max(MAX_N, `N must be at most ${MAX_N}`).default(400),
    /** Loads α = p/N: a list, or an evenly spaced range. */
    alphas: z
      .union([z.array(z.number().gt(0, 'α must be > 0').max(1, 'α = p/N must be at most 1')).min(1, 'give at least one load α').max(100), hopfieldAlphaRange])
      .default({ from: 0.02, to: 0.3, points: 15 }),
    trials: z.number().int().min(1).max(1000).default(20),
    /** Fraction of pixels flipped in each recall probe. */
    corruption: z.number().min(0).max(1).default(0.1),
    rules: z
      .array(Rule)
      .min(1, 'choose at least one learning rule')
      .max(3)
      .default(['hebbian'])
      .refine((r) => new Set(r).size === r.length, 'each learning rule at most once'),
    /** Stored patterns probed by a corrupted recall per trial (at most p); 0 = none. */
    probes: z.number().int().min(0).max(MAX_N).default(10),
    maxSweeps: z.number().int().min(1).max(1000).default(50),
    /** Probability that a pixel of a random pattern is +1. */
    density: z.number().gt(0).lt(1).default(0.5)
  })
  .strict()

const perRule = z.partialRecord(Rule, z.array(z.number()))

/** Per load α (and per learning rule): the curves of the capacity experiment. */
export const hopfieldCapacityResult = z
  .object({
    N: z.number(),
    alphas: z.array(z.number()),
    p: z.array(z.number()),
    rules: z.array(Rule),
    fixedFraction: perRule,
    meanOverlap: perRule,
    bitErrorRate: perRule,
    bitErrorTheory: z.array(z.number()),
    criticalAlpha: z.number(),
    /** Trials completed at each α (fewer than asked only when the run was stopped). */
    trialsDone: z.array(z.number()),
    stopped: z.boolean()
  })
  .strict()

export type HopfieldCapacityParams = z.output<typeof hopfieldCapacityParams>

function capacityAlphas(a: HopfieldCapacityParams['alphas']): number[] {
  if (Array.isArray(a)) return a
  if (a.points === 1) return [a.from]
  return Array.from({ length: a.points }, (_, k) => a.from + ((a.to - a.from) * k) / (a.points - 1))
}

export const hopfieldCapacity = defineKind({
  kind: 'hopfield.capacity',
  title: 'Hopfield capacity',
  summary: 'Random patterns at loads α = p/N: fraction stored as fixed points, one-step bit errors vs ½erfc(√(N/2p)), and recall overlap, per learning rule, with α ≈ 0.138 marked.',
  params: hopfieldCapacityParams,
  control: noControl,
  result: hopfieldCapacityResult,
  artifacts: [],
  /** Multiply–adds: per trial and rule, learning W and checking every pattern (p·N² each). */
  cost: (p) =>
    capacityAlphas(p.alphas).reduce((s, a) => s + Math.max(1, Math.round(a * p.N)), 0) * p.trials * p.N * p.N * p.rules.length * 2,
  budget: 5e10,
  workUnit: 'multiply–adds',
  // The tab's default experiment (N = 400, 15 loads, 10 trials: 3.1·10⁹) took 4.4 s on one
  // worker of a loaded two-core machine (7·10⁸/s).
  typicalRate: 7e8,
  plot: { x: 'alpha' },
  series: [
    'alpha',
    'p',
    'bitErrorTheory',
    ...hopfieldRules.flatMap((r) => [`fixedFraction_${r}`, `meanOverlap_${r}`, `bitErrorRate_${r}`])
  ]
})
