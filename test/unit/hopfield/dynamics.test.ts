import { describe, expect, it } from 'vitest'
import { energy } from '../../../src/engine/hopfield/energy'
import { relax } from '../../../src/engine/hopfield/dynamics'
import { createRng, shuffle } from '../../../src/engine/rng'
import { HopfieldState } from '../../../src/engine/hopfield/state'
import { hebbianWeights } from '../../../src/engine/hopfield/weights'
import { patternSet } from '../../../src/engine/hopfield/recallJob'
import type { HopfieldNet } from '../../../src/engine/hopfield/types'
import { H, V, randomNet, stateOf } from './helpers'

const antiferroPair: HopfieldNet = { N: 2, W: Float64Array.from([0, -1, -1, 0]), b: new Float64Array(2) }

describe('synchronous dynamics', () => {
  it('two antiferromagnetic neurons from (+,+) oscillate: a 2-cycle, detected and reported', () => {
    const st = new HopfieldState(antiferroPair, [1, 1])
    const res = relax(st, { dynamics: 'sync', T: 1, maxSweeps: 50, rng: createRng(1) })
    expect(res).toEqual({ updates: 4, sweeps: 2, converged: false, cycle: true, stopped: false })
    expect(Array.from(st.s)).toEqual([1, 1])
  })
  it('asynchronous updates of the same pair settle in an antiparallel fixed point', () => {
    for (const dynamics of ['async-random', 'async-fixed'] as const) {
      const st = new HopfieldState(antiferroPair, [1, 1])
      const res = relax(st, { dynamics, T: 1, maxSweeps: 50, rng: createRng(2) })
      expect(res.converged).toBe(true)
      expect(st.s[0] * st.s[1]).toBe(-1)
      expect(st.E).toBe(-1)
    }
  })
  it('async-fixed visits neurons in index order: the first neuron flips first', () => {
    const st = new HopfieldState(antiferroPair, [1, 1])
    const sites: number[] = []
    relax(st, { dynamics: 'async-fixed', T: 1, maxSweeps: 50, rng: createRng(2) }, { update: (i) => sites.push(i) })
    expect(sites).toEqual([0, 1, 0, 1])
    expect(Array.from(st.s)).toEqual([-1, 1])
  })
  it('a stored pattern is reached in one synchronous step and confirmed by a second', () => {
    const net = { N: 16, W: hebbianWeights(patternSet([V, H], 16)), b: new Float64Array(16) }
    const s0 = [...V]
    s0[3] = -s0[3]
    const st = new HopfieldState(net, s0)
    const res = relax(st, { dynamics: 'sync', T: 1, maxSweeps: 50, rng: createRng(1) })
    expect(res).toEqual({ updates: 32, sweeps: 2, converged: true, cycle: false, stopped: false })
    expect(Array.from(st.s)).toEqual(V)
  })
})

describe('convergence and limits', () => {
  it('unknown pixels (0) with zero field are set to +1 on their first update (sign(0) = +1)', () => {
    const net = { N: 4, W: new Float64Array(16), b: new Float64Array(4) }
    const st = new HopfieldState(net, [0, 0, -1, 0])
    const res = relax(st, { dynamics: 'async-random', T: 1, maxSweeps: 10, rng: createRng(3) })
    // −1 with field 0 also becomes +1: the ≥ of Eq. 2. Then a quiet pass confirms.
    expect(Array.from(st.s)).toEqual([1, 1, 1, 1])
    expect(res).toMatchObject({ converged: true, sweeps: 2, updates: 8 })
  })
  it('a pass limit stops hot Glauber dynamics without convergence', () => {
    const net = randomNet(30, 5)
    const st = new HopfieldState(net, new Array(30).fill(1))
    const res = relax(st, { dynamics: 'glauber', T: 50, maxSweeps: 3, rng: createRng(4) })
    expect(res).toEqual({ updates: 90, sweeps: 3, converged: false, cycle: false, stopped: false })
  })
  it('an observer can stop the run at a tick', () => {
    const net = randomNet(30, 6)
    const st = new HopfieldState(net, new Array(30).fill(1))
    const res = relax(st, { dynamics: 'glauber', T: 50, maxSweeps: 100, rng: createRng(4) }, { chunk: 7, tick: (u) => (u >= 21 ? 'stop' : undefined) })
    expect(res).toMatchObject({ updates: 21, stopped: true, converged: false })
  })
  it('shuffle gives every permutation of 3 about equally often', () => {
    const rng = createRng(9)
    const counts = new Map<string, number>()
    for (let k = 0; k < 6000; k++) {
      const key = Array.from(shuffle(Int32Array.from([0, 1, 2]), rng)).join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    // 1000 expected each, binomial σ ≈ 29: 5σ bounds.
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(145)
  })
})

describe('Glauber dynamics samples the Boltzmann distribution (the bridge to Boltzmann machines)', () => {
  it('visit frequencies match exp(−E/T)/Z by exact enumeration of a 4-neuron net', () => {
    const N = 4
    const net = randomNet(N, 21)
    for (const T of [0.5, 2]) {
      const Z = Array.from({ length: 16 }, (_, c) => Math.exp(-energy(net, stateOf(c, N)) / T))
      const total = Z.reduce((a, b) => a + b, 0)
      const st = new HopfieldState(net, [1, 1, 1, 1])
      const counts = new Array(16).fill(0)
      let n = 0
      const opts = { dynamics: 'glauber' as const, T, maxSweeps: 60_000, rng: createRng(31) }
      relax(st, opts, {
        update() {
          let code = 0
          for (let i = 0; i < N; i++) if (st.s[i] > 0) code |= 1 << i
          counts[code]++
          n++
        }
      })
      const tv = 0.5 * counts.reduce((s, c, k) => s + Math.abs(c / n - Z[k] / total), 0)
      // 240k correlated samples: the statistical total-variation distance is ~0.005.
      expect(tv).toBeLessThan(0.02)
    }
  })
  it('as T → 0 Glauber becomes Eq. 2: it ends where asynchronous dynamics with the same order ends', () => {
    const net = { N: 16, W: hebbianWeights(patternSet([V, H], 16)), b: new Float64Array(16) }
    const s0 = [...V]
    for (const i of [0, 5, 10]) s0[i] = -s0[i]
    const a = new HopfieldState(net, s0)
    const g = new HopfieldState(net, s0)
    relax(a, { dynamics: 'async-random', T: 1, maxSweeps: 20, rng: createRng(8) })
    // Same seed: the order draws interleave with Glauber's coin draws, so compare only the end.
    relax(g, { dynamics: 'glauber', T: 1e-3, maxSweeps: 20, rng: createRng(8) })
    expect(Array.from(g.s)).toEqual(Array.from(a.s))
    expect(Array.from(a.s)).toEqual(V)
  })
})
