// Replaying a stored 'hopfield.recall' run in the renderer. The job is fast (a recall of a
// few thousand neurons takes milliseconds); what the user wants to see is its trajectory,
// one neuron update at a time: the state, the updated neuron with its local field, the
// energy (Eq. 4) and the overlaps with every stored pattern. Everything here is rebuilt from
// the run's artifacts: input, trajectory rows [site, field, spin, energy] and states at a stride.

import type { RecallOutcome } from '../../engine/hopfield/outcome'

export interface RecallResultView {
  outcome: RecallOutcome
  /** Pattern recalled or whose inverse was reached (0-based), else −1. */
  recalledIndex: number
  inverted: boolean
  components: number[]
  overlaps: number[]
  nearest: number
  nearestOverlap: number
  steps: number
  sweeps: number
  finalEnergy: number
  converged: boolean
  cycle: boolean
  stopped: boolean
}

export interface RecallRecord {
  width: number
  height: number
  N: number
  p: number
  /** Stored patterns, pattern μ at [μN, μN + N). */
  patterns: Int8Array
  /** The corrupted input the dynamics started from (0 = unknown). */
  input: Int8Array
  /** Rows of [site, field before, spin after, energy after]; a synchronous step has site −1. */
  traj: Float64Array
  rows: number
  /** Neuron updates the run made (more than `rows` when the trajectory was capped). */
  updates: number
  dynamics: string
  rule: string
  /** Glauber temperature (meaningful for dynamics 'glauber' only). */
  T: number
  /** States kept at a stride: state k at [kN, kN + N), taken after `statesAt[k]` updates. */
  states: Int8Array
  statesAt: number[]
  /** Energy of the input (before any update). */
  E0: number
  result: RecallResultView
}

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d)
const OUTCOMES: readonly RecallOutcome[] = ['recalled', 'inverse', 'mixture', 'spurious', 'cycle']

/** The job's result record, checked field by field (null when it is not a recall result). */
export function parseRecallResult(r: Record<string, unknown> | null | undefined): RecallResultView | null {
  if (!r || typeof r.outcome !== 'string' || !OUTCOMES.includes(r.outcome as RecallOutcome)) return null
  const arr = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [])
  return {
    outcome: r.outcome as RecallOutcome,
    recalledIndex: num(r.recalledIndex, -1),
    inverted: r.inverted === true,
    components: arr(r.components),
    overlaps: arr(r.overlaps),
    nearest: num(r.nearest, -1),
    nearestOverlap: num(r.nearestOverlap, 0),
    steps: num(r.steps, 0),
    sweeps: num(r.sweeps, 0),
    finalEnergy: num(r.finalEnergy, NaN),
    converged: r.converged === true,
    cycle: r.cycle === true,
    stopped: r.stopped === true
  }
}

/** A stored artifact as the store hands it back: its data and its meta. */
export interface StoredArtifact {
  data: ArrayLike<number>
  meta: Record<string, unknown>
}

const asInt8 = (d: ArrayLike<number>): Int8Array => (d instanceof Int8Array ? d : Int8Array.from(d))

/**
 * The record a replay needs, from the recall job's artifacts (patterns, input, trajectory,
 * states), its params and its result. `E0` is the input's energy when the caller has it (the
 * job's first energy measurement); otherwise it follows from the first trajectory row.
 * Throws an Error saying what does not fit.
 */
export function recordFromArtifacts(
  a: { patterns: StoredArtifact; input: StoredArtifact; trajectory: StoredArtifact; states: StoredArtifact },
  params: Record<string, unknown>,
  result: RecallResultView,
  E0?: number
): RecallRecord {
  const pm = a.patterns.meta
  const width = num(pm.width, num(params.width, 0))
  const height = num(pm.height, num(params.height, 0))
  const N = width * height
  if (!(N > 0) || a.input.data.length !== N) throw new Error(`the stored input has ${a.input.data.length} pixels, not the ${width}×${height} of its grid`)
  if (a.patterns.data.length % N !== 0) throw new Error(`the stored patterns (${a.patterns.data.length} values) do not fit a ${width}×${height} grid`)
  const tm = a.trajectory.meta
  const traj = a.trajectory.data instanceof Float64Array ? a.trajectory.data : Float64Array.from(a.trajectory.data)
  const rows = Math.min(num(tm.rows, traj.length / 4), Math.floor(traj.length / 4))
  const dynamics = typeof tm.dynamics === 'string' ? tm.dynamics : String(params.dynamics ?? 'async-random')
  const at = Array.isArray(a.states.meta.at) ? (a.states.meta.at as unknown[]).map((x) => num(x, 0)) : [0]
  const states = asInt8(a.states.data)
  if (states.length < at.length * N) throw new Error(`the stored states hold ${states.length} values, fewer than ${at.length} states of ${N}`)
  const input = asInt8(a.input.data)
  const e0 = E0 !== undefined && Number.isFinite(E0) ? E0 : dynamics === 'sync' ? NaN : initialEnergyFromRow(input, traj)
  return {
    width,
    height,
    N,
    p: a.patterns.data.length / N,
    patterns: asInt8(a.patterns.data),
    input,
    traj,
    rows,
    updates: num(tm.updates, result.steps),
    dynamics,
    rule: String(params.rule ?? 'hebbian'),
    T: num(params.T, NaN),
    states,
    statesAt: at,
    E0: e0,
    result
  }
}

/** E of the input, from the first trajectory row: a flip changes E by −Δs·h (Eq. 4, W_ii = 0), so E₀ = E₁ + Δs·h. */
export function initialEnergyFromRow(input: ArrayLike<number>, traj: ArrayLike<number>): number {
  if (traj.length < 4 || traj[0] < 0) return NaN
  const site = traj[0]
  const d = traj[2] - input[site]
  return traj[3] + d * traj[1]
}

/** One update as the panel describes it. */
export interface UpdateInfo {
  /** Row index (0-based): the (k+1)-th update. */
  k: number
  /** −1 for a synchronous step. */
  site: number
  field: number
  before: number
  after: number
  flipped: boolean
  /** For a synchronous step: how many neurons changed. */
  changed: number
}

/**
 * A cursor over the frames of a recall: frame t is the state after t trajectory rows (frame 0
 * is the input). When the trajectory was capped, one more frame shows the final state.
 */
export class Replay {
  readonly rec: RecallRecord
  readonly N: number
  /** Number of frames − 1: the last frame index. */
  readonly last: number
  /** x (updates done) and E of every frame: the energy chart. */
  readonly xs: Float64Array
  readonly energies: Float64Array
  /** The state of the current frame. */
  readonly s: Int8Array
  t = 0
  private readonly sums: Int32Array
  private readonly sync: boolean
  private readonly truncated: boolean
  /** For synchronous runs: the stored-state index of each frame (−1: not stored). */
  private readonly syncStates: Int32Array
  /** For the frame after a synchronous step: how many neurons changed in it. */
  private readonly syncChanged: Int32Array

  constructor(rec: RecallRecord) {
    this.rec = rec
    this.N = rec.N
    this.sync = rec.dynamics === 'sync'
    this.truncated = rec.updates > (this.sync ? rec.rows * rec.N : rec.rows)
    this.last = rec.rows + (this.truncated ? 1 : 0)
    this.xs = new Float64Array(this.last + 1)
    this.energies = new Float64Array(this.last + 1)
    this.energies[0] = rec.E0
    for (let k = 0; k < rec.rows; k++) {
      this.xs[k + 1] = this.sync ? (k + 1) * rec.N : k + 1
      this.energies[k + 1] = rec.traj[4 * k + 3]
    }
    if (this.truncated) {
      this.xs[this.last] = rec.updates
      this.energies[this.last] = rec.result.finalEnergy
    }
    this.s = rec.input.slice()
    this.sums = new Int32Array(rec.p)
    this.syncStates = new Int32Array(this.last + 1).fill(-1)
    this.syncChanged = new Int32Array(this.last + 1)
    if (this.sync) {
      const byAt = new Map<number, number>()
      rec.statesAt.forEach((at, k) => byAt.set(at, k))
      this.syncStates[0] = byAt.get(0) ?? -1
      for (let t = 1; t <= this.last; t++) this.syncStates[t] = byAt.get(this.xs[t]) ?? -1
      let prev = rec.input
      for (let t = 1; t <= this.last; t++) {
        const k = this.syncStates[t]
        if (k < 0) continue
        const cur = rec.states.subarray(k * rec.N, (k + 1) * rec.N)
        let changed = 0
        for (let i = 0; i < rec.N; i++) if (cur[i] !== prev[i]) changed++
        this.syncChanged[t] = changed
        prev = cur
      }
    }
    this.recount()
  }

  get atEnd(): boolean {
    return this.t >= this.last
  }

  /** Overlap m_μ = (1/N) Σ P^μ_i s_i of the current state with every stored pattern. */
  overlaps(): number[] {
    return Array.from(this.sums, (m) => m / this.N)
  }

  get energy(): number {
    return this.energies[this.t]
  }

  /** Go to frame t (clamped). Forward moves apply the rows in between; backward ones restart from the nearest stored state. */
  seek(t: number): void {
    const target = Math.max(0, Math.min(this.last, Math.floor(t)))
    if (target === this.t) return
    if (this.sync || (this.truncated && target === this.last)) {
      this.loadFrameState(target)
      return
    }
    if (target < this.t) {
      // Nearest stored state at or before the target (the input is state 0).
      const at = this.rec.statesAt
      let best = -1
      for (let k = 0; k < at.length; k++) if (at[k] <= target && (best < 0 || at[k] > at[best])) best = k
      if (best >= 0) {
        this.s.set(this.rec.states.subarray(best * this.N, (best + 1) * this.N))
        this.t = at[best]
      } else {
        this.s.set(this.rec.input)
        this.t = 0
      }
      for (; this.t < target; this.t++) this.s[this.rec.traj[4 * this.t]] = this.rec.traj[4 * this.t + 2]
      this.recount()
      return
    }
    // Forward: apply each row, carrying the overlaps along (O(p) per flip).
    const { traj, patterns, p } = this.rec
    const N = this.N
    for (; this.t < target; this.t++) {
      const o = 4 * this.t
      const i = traj[o]
      const v = traj[o + 2]
      const d = v - this.s[i]
      if (d === 0) continue
      this.s[i] = v
      for (let mu = 0; mu < p; mu++) this.sums[mu] += d * patterns[mu * N + i]
    }
  }

  /** The update that produced the current frame, or null at the input (and for the capped tail). */
  lastUpdate(): UpdateInfo | null {
    const t = this.t
    if (t === 0 || t > this.rec.rows) return null
    const k = t - 1
    const o = 4 * k
    const site = this.rec.traj[o]
    if (site < 0) return { k, site: -1, field: NaN, before: NaN, after: NaN, flipped: this.syncChanged[t] > 0, changed: this.syncChanged[t] }
    const after = this.rec.traj[o + 2]
    const before = this.spinBefore(k, site)
    return { k, site, field: this.rec.traj[o + 1], before, after, flipped: before !== after, changed: before !== after ? 1 : 0 }
  }

  /** Spin of `site` before row k: the last earlier row on that site, or the input. */
  private spinBefore(k: number, site: number): number {
    const traj = this.rec.traj
    for (let j = k - 1; j >= 0; j--) if (traj[4 * j] === site) return traj[4 * j + 2]
    return this.rec.input[site]
  }

  private loadFrameState(t: number): void {
    const { states, input } = this.rec
    const N = this.N
    if (t === 0) this.s.set(input)
    else if (t === this.last && this.truncated) this.s.set(states.subarray((this.rec.statesAt.length - 1) * N, this.rec.statesAt.length * N))
    else {
      const k = this.syncStates[t]
      if (k >= 0) this.s.set(states.subarray(k * N, (k + 1) * N))
    }
    this.t = t
    this.recount()
  }

  private recount(): void {
    const { patterns, p } = this.rec
    const N = this.N
    for (let mu = 0; mu < p; mu++) {
      let m = 0
      for (let i = 0; i < N; i++) m += patterns[mu * N + i] * this.s[i]
      this.sums[mu] = m
    }
  }
}

/** The largest rise of E between consecutive frames up to frame t (≤ 0 up to rounding: a monotone descent). */
export function largestRise(energies: ArrayLike<number>, upto = energies.length - 1): number {
  let rise = -Infinity
  for (let k = 1; k <= Math.min(upto, energies.length - 1); k++) rise = Math.max(rise, energies[k] - energies[k - 1])
  return rise
}

/**
 * An axis range around [lo, hi] whose ends are multiples of a 1-2-5 step that splits it into
 * about four parts: the chart's own ticks then fall on the ends, and the axis stays put while
 * the replay runs.
 */
export function niceRange(lo: number, hi: number): [number, number] {
  const span = Math.max(1e-9, hi - lo, Math.abs(hi) * 1e-6)
  const raw = span / 4
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  let a = Math.floor(lo / step) * step
  let b = Math.ceil(hi / step) * step
  if (a === lo) a -= step / 2
  if (b === hi) b += step / 2
  return [a + 0, b + 0] // no −0 on the axis
}

/** Evenly thinned values (first and last kept), for a data attribute or a summary. */
export function thinned(values: ArrayLike<number>, count: number, max: number): number[] {
  const n = Math.min(count, values.length)
  if (n <= max) return Array.from({ length: n }, (_, i) => values[i])
  const out: number[] = []
  for (let k = 0; k < max; k++) out.push(values[Math.round((k * (n - 1)) / (max - 1))])
  return out
}

/** The outcome in words; patterns are numbered from 1 as in the library. */
export function outcomeText(r: RecallResultView): { title: string; detail: string } {
  const list = (ks: number[]): string => ks.map((k) => `#${k + 1}`).join(', ')
  const m = (k: number): string => {
    const v = r.overlaps[k] ?? NaN
    return (v < 0 ? '−' : '') + Math.abs(v).toFixed(3)
  }
  switch (r.outcome) {
    case 'recalled':
      return { title: `Recalled pattern #${r.recalledIndex + 1}`, detail: `m = ${m(r.recalledIndex)} with pattern #${r.recalledIndex + 1}: the memory was retrieved.` }
    case 'inverse':
      return {
        title: `The inverse of pattern #${r.recalledIndex + 1}`,
        detail: `m = ${m(r.recalledIndex)}: −P has the same energy as P (Eq. 4 is even in s), so the inverse of every memory is a minimum too.`
      }
    case 'mixture':
      return {
        title: 'A mixture state',
        detail: `It overlaps several memories at once (${list(r.components.slice(0, 5))}${r.components.length > 5 ? ', …' : ''}): a spurious minimum built from stored patterns.`
      }
    case 'spurious':
      return {
        title: 'A spurious state',
        detail: `A minimum of E that is no stored pattern (largest |m| = ${Math.abs(r.nearestOverlap).toFixed(3)}, pattern #${r.nearest + 1}).`
      }
    case 'cycle':
      return { title: 'A 2-cycle', detail: 'Synchronous updates flip back and forth between two states: E need not decrease when all neurons change at once.' }
  }
}

export function dynamicsLabel(d: string): string {
  switch (d) {
    case 'async-random':
      return 'asynchronous, random order'
    case 'async-fixed':
      return 'asynchronous, fixed order'
    case 'sync':
      return 'synchronous'
    case 'glauber':
      return 'Glauber (stochastic, temperature T)'
    default:
      return d
  }
}
