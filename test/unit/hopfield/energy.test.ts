import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { energy, localField, localFields, signOfField } from '../../../src/engine/hopfield/energy'
import { hebbianWeights } from '../../../src/engine/hopfield/weights'
import { relax } from '../../../src/engine/hopfield/dynamics'
import { HopfieldState } from '../../../src/engine/hopfield/state'
import { patternSet } from '../../../src/engine/hopfield/recallJob'
import { H, V, randomNet, stateOf } from './helpers'

describe('energy (Eq. 4) and local field (Eq. 2)', () => {
  it('a 3-neuron example by hand', () => {
    // W12 = 1, W13 = −2, W23 = 0.5; b = (0.1, 0, −0.3); s = (+1, −1, +1).
    const W = Float64Array.from([0, 1, -2, 1, 0, 0.5, -2, 0.5, 0])
    const net = { N: 3, W, b: Float64Array.from([0.1, 0, -0.3]) }
    const s = [1, -1, 1]
    // −½ΣW_ij s_i s_j = −(W12 s1s2 + W13 s1s3 + W23 s2s3) = −(−1 − 2 − 0.5) = 3.5; bᵀs = 0.1 − 0.3 = −0.2
    expect(energy(net, s)).toBeCloseTo(3.3, 14)
    // h1 = W12 s2 + W13 s3 − b1 = −1 − 2 − 0.1
    expect(localField(net, s, 0)).toBeCloseTo(-3.1, 14)
    expect(Array.from(localFields(net, s))).toEqual([localField(net, s, 0), localField(net, s, 1), localField(net, s, 2)])
  })
  it('sign(0) = +1, following the paper’s ≥ in Eq. 2', () => {
    expect(signOfField(0)).toBe(1)
    expect(signOfField(-0)).toBe(1)
    expect(signOfField(1e-12)).toBe(1)
    expect(signOfField(-1e-12)).toBe(1) // rounding noise counts as zero
    expect(signOfField(-1e-6)).toBe(-1)
  })
  it('the 4×4 stripes: exactly four fixed points (±V, ±H) out of 2¹⁶ states, and they are the energy minima E = −7', () => {
    const net = { N: 16, W: hebbianWeights(patternSet([V, H], 16)), b: new Float64Array(16) }
    const fixed: string[] = []
    let minE = Infinity
    const minimizers: string[] = []
    for (let code = 0; code < 1 << 16; code++) {
      const s = stateOf(code, 16)
      const h = localFields(net, s)
      const key = Array.from(s).join(',')
      if (s.every((v, i) => signOfField(h[i]) === v)) fixed.push(key)
      const E = energy(net, s)
      if (E < minE - 1e-12) {
        minE = E
        minimizers.length = 0
      }
      if (Math.abs(E - minE) <= 1e-12) minimizers.push(key)
    }
    const expected = [V, H, V.map((v) => -v), H.map((v) => -v)].map((s) => s.join(',')).sort()
    expect(fixed.sort()).toEqual(expected)
    // E(V) = −½·(1/16)·Σ_{i≠j}(1 + V_iV_jH_iH_j) = −½·(240 − 16)/16 = −7
    expect(minE).toBeCloseTo(-7, 12)
    expect(minimizers.sort()).toEqual(expected)
  })
})

describe('energy never rises under asynchronous dynamics (random symmetric W, zero diagonal)', () => {
  it('holds update by update, and the carried energy equals Eq. 4 recomputed', () => {
    let checked = 0
    for (let seed = 1; seed <= 40; seed++) {
      const N = 5 + (seed % 4) * 9
      const net = randomNet(N, seed, seed % 2 === 0)
      const rng = createRng(seed, 11)
      // Start with some unknown (0) pixels too.
      const s0 = Array.from({ length: N }, () => [1, -1, 0][rng.int(3)])
      const st = new HopfieldState(net, s0)
      let prev = energy(net, s0)
      expect(st.E).toBeCloseTo(prev, 10)
      const res = relax(st, { dynamics: seed % 3 === 0 ? 'async-fixed' : 'async-random', T: 1, maxSweeps: 200, rng }, {
        update() {
          const e = energy(net, st.s)
          expect(e).toBeLessThanOrEqual(prev + 1e-12)
          expect(st.E).toBeCloseTo(e, 10)
          prev = e
          checked++
        }
      })
      expect(res.converged).toBe(true)
      // A converged state is a fixed point of Eq. 2 with no unknown pixel left.
      const h = localFields(net, st.s)
      for (let i = 0; i < N; i++) expect(st.s[i]).toBe(signOfField(h[i]))
    }
    expect(checked).toBeGreaterThan(1000)
  })
  it('each flip lowers E by exactly 2|hᵢ| (Δ = ±2), and filling an unknown pixel by |hᵢ|', () => {
    const net = randomNet(12, 3)
    const s = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 0 : i % 2 ? 1 : -1))
    const st = new HopfieldState(net, s)
    for (let i = 0; i < 12; i++) {
      const before = energy(net, st.s)
      const h = st.h[i]
      const old = st.s[i]
      const d = st.update(i)
      if (d === 0) continue
      expect(energy(net, st.s) - before).toBeCloseTo(old === 0 ? -Math.abs(h) : -2 * Math.abs(h), 12)
    }
  })
})
