// The running state of a Hopfield net: spins s, effective fields h = Ws − b, energy E (Eq. 4)
// and the integer overlaps with every stored pattern, all kept up to date incrementally.
// Flipping neuron i changes only h by Δ·(row i of W), E by −Δ·hᵢ and each overlap by Δ·P^μ_i,
// so one update costs O(1) when nothing flips and O(N + p) when it does.

import { energy, energyFromFields, localFields, signOfField } from './energy'
import type { HopfieldNet, PatternSet } from './types'

export class HopfieldState {
  readonly N: number
  /** Spins: ±1, or 0 for an unknown pixel that has not been updated yet. */
  readonly s: Int8Array
  /** Effective fields hᵢ = Σ_j W_ij s_j − bᵢ. */
  readonly h: Float64Array
  /** Eq. 4 energy of s, kept incrementally. */
  E: number
  /** Σ_i P^μ_i s_i for every pattern μ: exact integers, so m_μ = ±1 is tested exactly. */
  readonly overlapSums: Int32Array
  private readonly net: HopfieldNet
  /** Patterns transposed, neuron-major (N×p), so a flip touches p contiguous values. */
  private readonly Pt: Int8Array
  private readonly p: number

  constructor(net: HopfieldNet, s0: ArrayLike<number>, patterns?: PatternSet) {
    this.net = net
    this.N = net.N
    this.s = Int8Array.from(s0 as ArrayLike<number>)
    this.h = localFields(net, this.s)
    this.E = energyFromFields(net, this.s, this.h)
    this.p = patterns?.p ?? 0
    this.Pt = new Int8Array(this.N * this.p)
    this.overlapSums = new Int32Array(this.p)
    if (patterns) {
      for (let mu = 0; mu < this.p; mu++) {
        let m = 0
        for (let i = 0; i < this.N; i++) {
          const v = patterns.data[mu * this.N + i]
          this.Pt[i * this.p + mu] = v
          m += v * this.s[i]
        }
        this.overlapSums[mu] = m
      }
    }
  }

  /** Set neuron i to v (±1) and carry h, E and the overlaps along. Returns Δ = v − old. */
  set(i: number, v: number): number {
    const d = v - this.s[i]
    if (d === 0) return 0
    const { N, h } = this
    const W = this.net.W
    this.E -= d * h[i] // W_ii = 0: ΔE = −Δ hᵢ exactly (Eq. 4)
    this.s[i] = v
    const row = i * N
    for (let j = 0; j < N; j++) h[j] += d * W[row + j]
    const p = this.p
    const off = i * p
    for (let mu = 0; mu < p; mu++) this.overlapSums[mu] += d * this.Pt[off + mu]
    return d
  }

  /** Eq. 2 on neuron i (sign(0) = +1). Returns Δ, 0 when it kept its state. */
  update(i: number): number {
    return this.set(i, signOfField(this.h[i]))
  }

  /**
   * Glauber (heat-bath) update at inverse temperature β: sᵢ = +1 with probability
   * 1/(1 + e^{−2βhᵢ}), the Boltzmann weight of that choice given the rest. u is a uniform draw.
   */
  glauber(i: number, beta: number, u: number): number {
    const pUp = 1 / (1 + Math.exp(-2 * beta * this.h[i]))
    return this.set(i, u < pUp ? 1 : -1)
  }

  /** Eq. 2 on every neuron at once from the current fields. Returns the number of changes. */
  syncStep(): number {
    const { N, h, s } = this
    const next = new Int8Array(N)
    for (let i = 0; i < N; i++) next[i] = signOfField(h[i])
    let changed = 0
    for (let i = 0; i < N; i++) {
      if (next[i] !== s[i]) {
        this.set(i, next[i])
        changed++
      }
    }
    // E was carried through sequential sets, which is the energy of the new state all the same.
    return changed
  }

  overlap(mu: number): number {
    return this.overlapSums[mu] / this.N
  }

  overlaps(): number[] {
    return Array.from(this.overlapSums, (m) => m / this.N)
  }

  /** Recompute h and E from scratch (drops rounding accumulated over many flips). */
  refresh(): void {
    localFields(this.net, this.s, this.h)
    this.E = energy(this.net, this.s)
  }
}
