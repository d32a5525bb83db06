// The three matrix products against an independent float64 triple loop, on odd shapes that
// exercise every edge path of the SIMD kernel (4×8 tiles, 1×8, 1×4 and scalar tails, k
// blocks of 256), with and without accumulation; and the WebAssembly path against the
// plain TypeScript path. Tolerance: float32 sums reassociate, so |Δ| ≤ 1e-5·(1 + Σ|a·b|).

import { afterEach, describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { gemmWasm, wasmGemmAvailable, type GemmOp } from '../../../src/engine/tensor/gemmWasm'
import { matmul, matmulBackend, matmulTransA, matmulTransB, setMatmulBackend } from '../../../src/engine/tensor/matmul'
import { matmulTransATs, matmulTransBTs, matmulTs } from '../../../src/engine/tensor/matmulTs'

function random(n: number, seed: number, zeroFraction = 0): Float32Array {
  const rng = createRng(seed)
  const a = new Float32Array(n)
  for (let i = 0; i < n; i++) a[i] = rng.uniform() < zeroFraction ? 0 : rng.uniform() * 2 - 1
  return a
}

/** float64 reference C = op(A)·op(B) (+ C0), and Σ|a·b| per entry for the tolerance. */
function reference(op: GemmOp, A: Float32Array, B: Float32Array, C0: Float32Array | null, M: number, K: number, N: number) {
  const C = new Float64Array(M * N)
  const mag = new Float64Array(M * N)
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = C0 ? C0[i * N + j] : 0
      let m = C0 ? Math.abs(C0[i * N + j]) : 0
      for (let k = 0; k < K; k++) {
        const a = op === 'tn' ? A[k * M + i] : A[i * K + k]
        const b = op === 'nt' ? B[j * K + k] : B[k * N + j]
        s += a * b
        m += Math.abs(a * b)
      }
      C[i * N + j] = s
      mag[i * N + j] = m
    }
  return { C, mag }
}

const tsOf = { nn: matmulTs, tn: matmulTransATs, nt: matmulTransBTs }
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 3],
  [3, 5, 7],
  [4, 8, 8],
  [5, 9, 13],
  [7, 1, 9],
  [9, 257, 21],
  [17, 300, 11],
  [13, 513, 37],
  [64, 784, 10],
  [33, 70, 129]
]

function worst(got: Float32Array, ref: { C: Float64Array; mag: Float64Array }): number {
  let w = 0
  for (let i = 0; i < got.length; i++) w = Math.max(w, Math.abs(got[i] - ref.C[i]) / (1 + ref.mag[i]))
  return w
}

afterEach(() => setMatmulBackend('wasm'))

describe('matrix products', () => {
  it('the SIMD kernel compiles on this runtime (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmGemmAvailable()).toBe(true)
    expect(matmulBackend()).toBe('wasm')
  })

  for (const op of ['nn', 'tn', 'nt'] as const) {
    it(`${op}: WebAssembly and TypeScript agree with a float64 reference on odd shapes`, () => {
      let seed = 1
      for (const [M, K, N] of shapes) {
        const A = random(M * K, seed++, 0.3)
        const B = random(K * N, seed++)
        const ref = reference(op, A, B, null, M, K, N)
        const cw = new Float32Array(M * N).fill(Number.NaN) // must be overwritten, not added to
        const ct = new Float32Array(M * N).fill(Number.NaN)
        gemmWasm(op, A, B, cw, M, K, N, false)
        tsOf[op](A, B, ct, M, K, N, false)
        expect(worst(cw, ref), `wasm ${op} ${M}×${K}×${N}`).toBeLessThan(1e-5)
        expect(worst(ct, ref), `ts ${op} ${M}×${K}×${N}`).toBeLessThan(1e-5)
        for (let i = 0; i < cw.length; i++) expect(Math.abs(cw[i] - ct[i])).toBeLessThanOrEqual(1e-5 * (1 + ref.mag[i]))
      }
    })

    it(`${op}: accumulate adds to C instead of overwriting it`, () => {
      const [M, K, N] = [6, 301, 19]
      const A = random(M * K, 40)
      const B = random(K * N, 41)
      const C0 = random(M * N, 42)
      const ref = reference(op, A, B, C0, M, K, N)
      const cw = C0.slice()
      const ct = C0.slice()
      gemmWasm(op, A, B, cw, M, K, N, true)
      tsOf[op](A, B, ct, M, K, N, true)
      expect(worst(cw, ref)).toBeLessThan(1e-5)
      expect(worst(ct, ref)).toBeLessThan(1e-5)
    })
  }

  it('nt is nn on the transposed B, bit for bit, on every shape (the kernel\'s transpose moves numbers, never changes them)', () => {
    let seed = 100
    for (const [M, K, N] of [...shapes, [2, 6, 5], [3, 4, 4], [5, 3, 6], [8, 12, 16]] as [number, number, number][]) {
      const A = random(M * K, seed++)
      const B = random(N * K, seed++) // N×K, as nt reads it
      const Bt = new Float32Array(K * N)
      for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) Bt[k * N + j] = B[j * K + k]
      const viaNt = new Float32Array(M * N)
      const viaNn = new Float32Array(M * N)
      gemmWasm('nt', A, B, viaNt, M, K, N, false)
      gemmWasm('nn', A, Bt, viaNn, M, K, N, false)
      expect(Array.from(viaNt), `${M}×${K}×${N}`).toEqual(Array.from(viaNn))
    }
  })

  it('a dense layer\'s bias rides along: nt + rowBias is the product plus the bias per row, tn + aSums the sums of A\'s rows, bit for bit the float32 loops, both backends', () => {
    let seed = 300
    for (const [M, K, N] of [[64, 400, 256], [5, 9, 13], [7, 1, 9], [33, 70, 129], [3, 257, 1]] as [number, number, number][]) {
      const A = random(M * K, seed++)
      const B = random(N * K, seed++)
      const bias = random(N, seed++)
      const plain = new Float32Array(M * N)
      const withBias = new Float32Array(M * N)
      gemmWasm('nt', A, B, plain, M, K, N, false)
      gemmWasm('nt', A, B, withBias, M, K, N, false, bias)
      // the float32 sum of each entry and its bias, as the TypeScript loop adds them
      expect(Array.from(withBias), `nt ${M}×${K}×${N}`).toEqual(Array.from(plain, (c, i) => Math.fround(c + bias[i % N])))
      // tn: A is K×M; its row sums Σ_k A[k][m] in float32, k in order, against float64 within rounding
      const At = random(K * M, seed++)
      const sums = new Float32Array(M).fill(Number.NaN)
      const C = new Float32Array(M * N)
      gemmWasm('tn', At, random(K * N, seed++), C, M, K, N, false, null, sums)
      const f32 = new Float32Array(M)
      for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) f32[m] += At[k * M + m]
      expect(Array.from(sums), `tn ${M}×${K}×${N}`).toEqual(Array.from(f32))
      for (let m = 0; m < M; m++) {
        let s = 0
        for (let k = 0; k < K; k++) s += At[k * M + m]
        expect(Math.abs(sums[m] - s)).toBeLessThan(1e-5 * (1 + K))
      }
      // the TypeScript backend gives the same sums and bias rows (its products round differently)
      setMatmulBackend('ts')
      const sumsTs = new Float32Array(M)
      matmulTransA(At, random(K * N, 1), new Float32Array(M * N), M, K, N, false, sumsTs)
      expect(Array.from(sumsTs)).toEqual(Array.from(sums))
      const ts0 = new Float32Array(M * N)
      const ts1 = new Float32Array(M * N)
      matmulTransB(A, B, ts0, M, K, N)
      matmulTransB(A, B, ts1, M, K, N, false, bias)
      expect(Array.from(ts1)).toEqual(Array.from(ts0, (c, i) => Math.fround(c + bias[i % N])))
      setMatmulBackend('wasm')
    }
    expect(() => gemmWasm('nn', random(4, 1), random(4, 2), new Float32Array(4), 2, 2, 2, false, null, new Float32Array(2))).toThrow(/'tn' product only/)
  })

  it('K = 0 gives C = 0 (an empty sum), or leaves C when accumulating', () => {
    const C = new Float32Array(6).fill(3)
    gemmWasm('nn', new Float32Array(0), new Float32Array(0), C, 2, 0, 3, false)
    expect([...C]).toEqual([0, 0, 0, 0, 0, 0])
    C.fill(3)
    gemmWasm('nn', new Float32Array(0), new Float32Array(0), C, 2, 0, 3, true)
    expect([...C]).toEqual([3, 3, 3, 3, 3, 3])
  })

  it('the public functions give the same result through either backend, and accept longer arrays', () => {
    const [M, K, N] = [20, 50, 30]
    const A = random(M * K + 5, 7)
    const B = random(K * N + 3, 8)
    const results: Float32Array[] = []
    for (const backend of ['wasm', 'ts'] as const) {
      setMatmulBackend(backend)
      const c1 = new Float32Array(M * N)
      const c2 = new Float32Array(M * N)
      const c3 = new Float32Array(M * N)
      matmul(A, B, c1, M, K, N)
      matmulTransA(A, B, c2, M, K, N)
      matmulTransB(A, B, c3, M, K, N)
      results.push(c1, c2, c3)
    }
    expect(matmulBackend()).toBe('ts')
    for (let r = 0; r < 3; r++) for (let i = 0; i < M * N; i++) expect(results[r][i]).toBeCloseTo(results[r + 3][i], 4)
    expect(() => matmul(A, B, new Float32Array(M * N - 1), M, K, N)).toThrow(/too short/)
  })

  it('repeated calls with growing sizes keep giving correct results (memory growth)', () => {
    for (const [M, K, N] of [[2, 3, 4], [300, 400, 200], [5, 6, 7]] as const) {
      const A = random(M * K, M)
      const B = random(K * N, N)
      const C = new Float32Array(M * N)
      gemmWasm('nn', A, B, C, M, K, N, false)
      expect(worst(C, reference('nn', A, B, null, M, K, N))).toBeLessThan(1e-5)
    }
  })
})
