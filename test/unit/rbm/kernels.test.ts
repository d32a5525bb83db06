// The machine's layer kernels (rbm.wat through rbmWasm.ts and bernoulli.ts) against
// independent truth:
//  - the products with a 0/1 matrix (sums of selected rows) equal a float64 triple loop, on
//    shapes that exercise every edge path (24/16/4-column panels, 4 × 4 transpose blocks and
//    their scalar edges, 16 × 16 tiles), with and without a bias row, and with the column
//    sums of the bias statistics; a matrix holding any other value (a probability, a spin)
//    is refused and its output left untouched;
//  - σ(f·a) from the vectorized exp is within 4 ulp of float64 σ over the whole float range,
//    NaN stays NaN;
//  - the Bernoulli draws: the kernel and the TypeScript loop give the same states word for
//    word (and leave the same stream states); frequencies match P (5 σ) under the standard
//    rule and 1 − P under the printed one; neighbouring units are independent (5 σ);
//    (values over ten decades, with and without decay, lengths around the SIMD width).

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { bernoulliTs, drawLayer } from '../../../src/engine/rbm/bernoulli'
import { bernoulliWasm, binaryTimes, binaryTimesTransB, sigmoidWasm, transATimesBinary, withWeightsLoaded } from '../../../src/engine/rbm/rbmWasm'
import { wordStream } from '../../../src/engine/ising/random'

function binary(n: number, density: number, seed: number): Float32Array {
  const rng = createRng(seed)
  return Float32Array.from({ length: n }, () => (rng.uniform() < density ? 1 : 0))
}

function uniform(n: number, seed: number): Float32Array {
  const rng = createRng(seed)
  return Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1)
}

/** float64 C = op(A)·op(B) + bias, A stored M × K ('nn', 'nt') or K × M ('tn'), B K × N or N × K ('nt'). */
function reference(op: 'nn' | 'nt' | 'tn', A: Float32Array, B: Float32Array, M: number, K: number, N: number, bias?: Float32Array): Float64Array {
  const C = new Float64Array(M * N)
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = bias ? bias[j] : 0
      for (let k = 0; k < K; k++) s += (op === 'tn' ? A[k * M + i] : A[i * K + k]) * (op === 'nt' ? B[j * K + k] : B[k * N + j])
      C[i * N + j] = s
    }
  return C
}

/** |C − ref| within float32 rounding of sums of at most K terms of size ≤ 1 (plus the bias). */
function expectClose(C: Float32Array, ref: Float64Array, K: number): void {
  expect(C.length).toBe(ref.length)
  let worst = 0
  for (let q = 0; q < C.length; q++) worst = Math.max(worst, Math.abs(C[q] - ref[q]))
  expect(worst).toBeLessThan(2 ** -23 * 4 * (K + 2))
}

// [rows of the 0/1 matrix, inner size, output width]: widths around the 24-, 16- and 4-column
// panels, transposes with rows/cols not multiples of 4 or 16, the digits' 784 × 256
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [7, 13, 33],
  [5, 37, 50],
  [17, 19, 4],
  [9, 64, 45],
  [33, 18, 97],
  [20, 784, 256]
]

describe('products with a 0/1 matrix: sums of the rows it selects', () => {
  for (const [n, K, N] of shapes) {
    it(`${n} × ${K} states against float64, width ${N}`, () => {
      const S = binary(n * K, 0.3, n + K + N)
      const bias = uniform(N, 7)
      // S·B + bias, B (K × N): the visible field H·W + b_v
      const B = uniform(K * N, 11)
      const C = new Float32Array(n * N)
      expect(binaryTimes(S, B, C, n, K, N, bias)).toBe(true)
      expectClose(C, reference('nn', S, B, n, K, N, bias), K)
      expect(binaryTimes(S, B, C, n, K, N)).toBe(true)
      expectClose(C, reference('nn', S, B, n, K, N), K)
      // S·Bᵀ + bias, B stored N × K: the hidden field V·Wᵀ + b_h
      const Bt = uniform(N * K, 12)
      expect(binaryTimesTransB(S, Bt, C, n, K, N, bias)).toBe(true)
      expectClose(C, reference('nt', S, Bt, n, K, N, bias), K)
      // Aᵀ·S, A stored n × N, S n × K: the statistics ⟨h vᵀ⟩ summed over n rows
      const A = uniform(n * N, 13)
      const G = new Float32Array(N * K)
      expect(transATimesBinary(A, S, G, N, n, K)).toBe(true)
      expectClose(G, reference('tn', A, S, N, n, K), n)
      // with the column sums Σ_r A_r and Σ_r w_r S_r (the bias statistics)
      const sums = { weights: uniform(n, 14), A: new Float32Array(N), S: new Float32Array(K) }
      G.fill(0)
      expect(transATimesBinary(A, S, G, N, n, K, sums)).toBe(true)
      expectClose(G, reference('tn', A, S, N, n, K), n)
      expectClose(sums.A, reference('tn', A, new Float32Array(n).fill(1), N, n, 1), n)
      expectClose(sums.S, reference('tn', S, sums.weights, K, n, 1), n)
    })
  }

  it('all zeros and all ones: the bias alone, and the full sum', () => {
    const [n, K, N] = [6, 10, 9]
    const B = uniform(K * N, 3)
    const bias = uniform(N, 4)
    const C = new Float32Array(n * N)
    for (const density of [0, 1]) {
      const S = binary(n * K, density, 1)
      expect(binaryTimes(S, B, C, n, K, N, bias)).toBe(true)
      expectClose(C, reference('nn', S, B, n, K, N, bias), K)
    }
  })

  it('with W loaded once, products with W use the loaded copy; other matrices and a changed W after the scope are their own', () => {
    const [n, nh, nv] = [5, 9, 23]
    const W = uniform(nh * nv, 21)
    const other = uniform(nh * nv, 22)
    const V = binary(n * nv, 0.4, 23)
    const H = binary(n * nh, 0.4, 24)
    const ch = new Float32Array(n * nh)
    const cv = new Float32Array(n * nv)
    withWeightsLoaded(W, nh, nv, () => {
      expect(binaryTimesTransB(V, W, ch, n, nv, nh)).toBe(true)
      expectClose(ch, reference('nt', V, W, n, nv, nh), nv)
      expect(binaryTimes(H, W, cv, n, nh, nv)).toBe(true)
      expectClose(cv, reference('nn', H, W, n, nh, nv), nh)
      expect(binaryTimesTransB(V, other, ch, n, nv, nh)).toBe(true)
      expectClose(ch, reference('nt', V, other, n, nv, nh), nv)
      // nested: the inner machine's copy, then the outer one's again
      withWeightsLoaded(other, nh, nv, () => {
        expect(binaryTimes(H, other, cv, n, nh, nv)).toBe(true)
        expectClose(cv, reference('nn', H, other, n, nh, nv), nh)
      })
      expect(binaryTimes(H, W, cv, n, nh, nv)).toBe(true)
      expectClose(cv, reference('nn', H, W, n, nh, nv), nh)
    })
    // a machine updated after its scope is read afresh
    withWeightsLoaded(W, nh, nv, () => binaryTimes(H, W, cv, n, nh, nv))
    for (let q = 0; q < W.length; q++) W[q] += 1
    expect(binaryTimes(H, W, cv, n, nh, nv)).toBe(true)
    expectClose(cv, reference('nn', H, W, n, nh, nv), nh)
  })

  it('refuses a matrix with a probability or a spin in it and leaves the output as it was', () => {
    const [n, K, N] = [4, 9, 6]
    const B = uniform(K * N, 3)
    for (const odd of [0.5, -1, Number.NaN]) {
      for (const at of [0, n * K - 1, 17]) {
        const S = binary(n * K, 0.5, 2)
        S[at] = odd
        const C = new Float32Array(n * N).fill(42)
        expect(binaryTimes(S, B, C, n, K, N)).toBe(false)
        expect(binaryTimesTransB(S, B, C, n, K, N)).toBe(false)
        const G = new Float32Array(N * K).fill(42)
        expect(transATimesBinary(uniform(n * N, 1), S, G, N, n, K)).toBe(false)
        expect(C.every((x) => x === 42)).toBe(true)
        expect(G.every((x) => x === 42)).toBe(true)
      }
    }
  })
})

describe('σ(f·a) in the kernel', () => {
  it('is within 4 ulp of float64 σ from −100 to 100, saturates beyond, and keeps NaN', () => {
    const a = new Float32Array(20001)
    for (let k = 0; k < a.length; k++) a[k] = -100 + k * 0.01
    for (const f of [1, 2]) {
      const p = a.slice()
      expect(sigmoidWasm(p, p.length, f)).toBe(true)
      let worstUlps = 0
      let saturated = 0
      for (let k = 0; k < a.length; k++) {
        const exact = 1 / (1 + Math.exp(-f * a[k]))
        // the kernel clamps the exponent at 88: below σ ≈ 6·10⁻³⁹ it stops falling
        if (-f * a[k] > 88) saturated = Math.max(saturated, p[k])
        else worstUlps = Math.max(worstUlps, Math.abs(p[k] - exact) / (2 ** -24 * exact))
      }
      expect(worstUlps, `f = ${f}`).toBeLessThanOrEqual(4)
      expect(saturated).toBeLessThan(1e-37)
    }
    const special = Float32Array.from([0, 1e-30, -1e-30, 1e30, -1e30, Infinity, -Infinity, Number.NaN])
    expect(sigmoidWasm(special, special.length, 1)).toBe(true)
    expect(Array.from(special.subarray(0, 4))).toEqual([0.5, 0.5, 0.5, 1])
    expect(special[4]).toBeLessThan(1e-37)
    expect(special[5]).toBe(1)
    expect(special[6]).toBeLessThan(1e-37)
    expect(special[7]).toBeNaN()
  })

  it('leaves the entries past count alone', () => {
    const a = Float32Array.from([0, 0, 0, 0, 0, 7, 7])
    expect(sigmoidWasm(a, 5, 1)).toBe(true)
    expect(Array.from(a)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 7, 7])
  })
})

describe('Bernoulli draws of a layer (Eq. 25)', () => {
  const streamsOf = (seed: number): Int32Array => {
    const rng = createRng(seed)
    const s = new Int32Array(16)
    for (let j = 0; j < 4; j++) s.set(wordStream(rng), 4 * j)
    return s
  }

  it('the kernel and the TypeScript loop draw the same states and leave the same streams', () => {
    for (const count of [1, 2, 3, 4, 5, 7, 13, 1000]) {
      for (const printed of [false, true]) {
        for (const off of [0, -1]) {
          const P = uniform(count, count).map((x) => Math.abs(x))
          const sw = streamsOf(count + 1)
          const st = sw.slice()
          const w = new Float32Array(count)
          const t = new Float32Array(count)
          expect(bernoulliWasm(P, w, count, sw, off, printed)).toBe(true)
          bernoulliTs(P, t, count, st, off, printed)
          expect(Array.from(w)).toEqual(Array.from(t))
          expect(Array.from(sw)).toEqual(Array.from(st))
          expect(w.every((x) => x === 1 || x === off)).toBe(true)
        }
      }
    }
  })

  it('units come on with probability P (standard) or 1 − P (printed), within 5 σ', () => {
    const n = 200_000
    for (const p of [0.05, 0.5, 0.8]) {
      const P = new Float32Array(n).fill(p)
      for (const printed of [false, true]) {
        const out = new Float32Array(n)
        drawLayer(P, out, n, 0, printed, createRng(3))
        const freq = out.reduce((a, x) => a + x, 0) / n
        const want = printed ? 1 - Math.fround(p) : Math.fround(p)
        expect(Math.abs(freq - want), `P=${p} printed=${printed}`).toBeLessThan(5 * Math.sqrt((want * (1 - want)) / n))
      }
    }
  })

  it('neighbouring units (other streams) and units four apart (one stream) are independent', () => {
    const n = 400_000
    const out = new Float32Array(n)
    drawLayer(new Float32Array(n).fill(0.5), out, n, 0, false, createRng(9))
    for (const lag of [1, 2, 3, 4, 8]) {
      let both = 0
      for (let k = 0; k + lag < n; k++) both += out[k] * out[k + lag]
      const f = both / (n - lag)
      expect(Math.abs(f - 0.25), `lag ${lag}`).toBeLessThan(5 * Math.sqrt((0.25 * 0.75) / n))
    }
  })

  it('the same seed draws the same layer, another seed another', () => {
    const P = new Float32Array(999).fill(0.5)
    const draw = (seed: number): number[] => {
      const out = new Float32Array(999)
      drawLayer(P, out, 999, 0, false, createRng(seed))
      return Array.from(out)
    }
    expect(draw(5)).toEqual(draw(5))
    expect(draw(5)).not.toEqual(draw(6))
  })
})
