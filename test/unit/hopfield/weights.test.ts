import { describe, expect, it } from 'vitest'
import { hebbianWeights, learnWeights, pseudoInverseWeights, storkeyWeights } from '../../../src/engine/hopfield/weights'
import { signOfField } from '../../../src/engine/hopfield/energy'
import { stability } from '../../../src/engine/hopfield/capacityJob'
import { patternSet } from '../../../src/engine/hopfield/recallJob'
import type { PatternSet } from '../../../src/engine/hopfield/types'
import { H, V, maxAbsDiff, naiveHebbian, randomSet } from './helpers'

function expectSymmetricZeroDiagonal(W: Float64Array, N: number): void {
  for (let i = 0; i < N; i++) {
    expect(W[i * N + i]).toBe(0)
    for (let j = 0; j < i; j++) expect(W[i * N + j]).toBe(W[j * N + i])
  }
}

/** Storkey (1997) written literally, with h_ij = Σ_{k≠i,j} W_ik ξ_k summed explicitly. */
function naiveStorkey(P: PatternSet): Float64Array {
  const { p, N, data } = P
  let W = new Float64Array(N * N)
  for (let mu = 0; mu < p; mu++) {
    const xi = (i: number) => data[mu * N + i]
    const hij = (i: number, j: number) => {
      let s = 0
      for (let k = 0; k < N; k++) if (k !== i && k !== j) s += W[i * N + k] * xi(k)
      return s
    }
    const next = new Float64Array(N * N)
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        if (i === j) continue
        next[i * N + j] = W[i * N + j] + (xi(i) * xi(j) - xi(i) * hij(j, i) - hij(i, j) * xi(j)) / N
      }
    W = next
  }
  return W
}

/** X(XᵀX)⁻¹Xᵀ with the p×p inverse by Gauss–Jordan (a different route from the engine's Cholesky). */
function naiveProjector(P: PatternSet): Float64Array {
  const { p, N, data } = P
  const A: number[][] = Array.from({ length: p }, (_, a) =>
    Array.from({ length: 2 * p }, (_, c) => {
      if (c >= p) return c - p === a ? 1 : 0
      let s = 0
      for (let i = 0; i < N; i++) s += data[a * N + i] * data[c * N + i]
      return s
    })
  )
  for (let c = 0; c < p; c++) {
    let piv = c
    for (let r = c + 1; r < p; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r
    ;[A[c], A[piv]] = [A[piv], A[c]]
    const d = A[c][c]
    for (let k = 0; k < 2 * p; k++) A[c][k] /= d
    for (let r = 0; r < p; r++) {
      if (r === c) continue
      const f = A[r][c]
      for (let k = 0; k < 2 * p; k++) A[r][k] -= f * A[c][k]
    }
  }
  const W = new Float64Array(N * N)
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      if (i === j) continue
      let s = 0
      for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) s += data[a * N + i] * A[a][p + c] * data[c * N + j]
      W[i * N + j] = s
    }
  return W
}

/** Rows of the 16×16 Sylvester–Hadamard matrix: mutually orthogonal ±1 patterns. */
function hadamardRows(count: number): number[][] {
  const n = 16
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: n }, (_, c) => {
      let bits = r & c
      let parity = 0
      while (bits) {
        parity ^= bits & 1
        bits >>= 1
      }
      return parity ? -1 : 1
    })
  )
}

describe('Hebbian rule (Eq. 3)', () => {
  it('the 4×4 stripes: W_ij = (V_iV_j + H_iH_j)/16 by hand, symmetric, zero diagonal', () => {
    const W = hebbianWeights(patternSet([V, H], 16))
    expectSymmetricZeroDiagonal(W, 16)
    // Pixels 0 and 2 agree in both patterns: 2/16. Pixels 0 and 1 agree in H only: 0. Pixels 0 and 5 agree in neither: −2/16.
    expect(W[0 * 16 + 2]).toBe(2 / 16)
    expect(W[0 * 16 + 1]).toBe(0)
    expect(W[0 * 16 + 5]).toBe(-2 / 16)
  })
  it('equals the literal sum of Eq. 3 for random patterns, across several 32-pattern words', () => {
    for (const [p, N] of [[1, 17], [7, 30], [70, 50], [33, 64], [5, 67]]) {
      const P = randomSet(p, N, p * 1000 + N)
      const W = hebbianWeights(P)
      expectSymmetricZeroDiagonal(W, N)
      expect(maxAbsDiff(W, naiveHebbian(P))).toBeLessThan(1e-15)
    }
  })
})

describe('Storkey rule', () => {
  it('equals the literal rule with explicit h_ij sums; symmetric with zero diagonal', () => {
    for (const [p, N] of [[1, 9], [4, 12], [6, 20]]) {
      const P = randomSet(p, N, 17 + p)
      const W = storkeyWeights(P)
      expectSymmetricZeroDiagonal(W, N)
      expect(maxAbsDiff(W, naiveStorkey(P))).toBeLessThan(1e-12)
    }
  })
  it('one pattern gives the Hebbian weights', () => {
    const P = randomSet(1, 25, 5)
    expect(maxAbsDiff(storkeyWeights(P), hebbianWeights(P))).toBeLessThan(1e-15)
  })
})

describe('pseudo-inverse (projection) rule', () => {
  it('equals X(XᵀX)⁻¹Xᵀ off the diagonal (computed by Gauss–Jordan), symmetric, zero diagonal', () => {
    for (const [p, N] of [[1, 8], [4, 10], [3, 11], [9, 24], [6, 65]]) {
      const P = randomSet(p, N, 99 + p)
      const W = pseudoInverseWeights(P)
      expectSymmetricZeroDiagonal(W, N)
      expect(maxAbsDiff(W, naiveProjector(P))).toBeLessThan(1e-12)
    }
  })
  it('for mutually orthogonal patterns the projector is the Hebbian W', () => {
    const P = patternSet(hadamardRows(5), 16)
    expect(maxAbsDiff(pseudoInverseWeights(P), hebbianWeights(P))).toBeLessThan(1e-14)
  })
  it('stores p = N/2 random patterns as exact fixed points where Hebbian fails', () => {
    const N = 64
    const P = randomSet(N / 2, N, 2024)
    const b = new Float64Array(N)
    const pinv = stability({ N, W: pseudoInverseWeights(P), b }, P)
    const hebb = stability({ N, W: hebbianWeights(P), b }, P)
    expect(pinv).toEqual({ fixed: 32, bitErrors: 0 })
    // α = 0.5 is far above 0.138: hardly any pattern survives Eq. 3 (one-step bit errors ≈ 8%).
    expect(hebb.fixed).toBeLessThanOrEqual(2)
    expect(hebb.bitErrors / (32 * 64)).toBeGreaterThan(0.03)
  })
  it('a pattern and its inverse (linearly dependent) still give the projector; the note says so', () => {
    const notes: string[] = []
    const A = randomSet(3, 20, 4)
    const rows = [0, 1, 2].map((mu) => Array.from(A.data.subarray(mu * 20, mu * 20 + 20)))
    const W = pseudoInverseWeights(patternSet([...rows, rows[1].map((v) => -v)], 20), (m) => notes.push(m))
    expect(maxAbsDiff(W, pseudoInverseWeights(A))).toBeLessThan(1e-12)
    expect(notes).toEqual(['pseudo-inverse rule: 1 of 4 patterns are linear combinations of the others and add nothing'])
    const h = (i: number, mu: number) => {
      let s = 0
      for (let j = 0; j < 20; j++) s += W[i * 20 + j] * A.data[mu * 20 + j]
      return s
    }
    for (let mu = 0; mu < 3; mu++) for (let i = 0; i < 20; i++) expect(signOfField(h(i, mu))).toBe(A.data[mu * 20 + i])
  })
  it('refuses p > N with a clear message', () => {
    expect(() => pseudoInverseWeights(randomSet(9, 8, 1))).toThrow('pseudo-inverse rule: 9 patterns exceed the 8 neurons (needs p ≤ N)')
  })
  it('learnWeights dispatches on the rule name', () => {
    const P = randomSet(3, 16, 8)
    expect(maxAbsDiff(learnWeights('hebbian', P), hebbianWeights(P))).toBe(0)
    expect(maxAbsDiff(learnWeights('storkey', P), storkeyWeights(P))).toBe(0)
    expect(maxAbsDiff(learnWeights('pseudoinverse', P), pseudoInverseWeights(P))).toBe(0)
  })
})
