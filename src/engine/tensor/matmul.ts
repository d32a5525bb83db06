// The three matrix products every layer of the engine is built on (dense layers, im2col
// convolutions, Boltzmann machines), row-major Float32Array:
//
//   matmul:       C[M×N] (+)= A[M×K] · B[K×N]
//   matmulTransA: C[M×N] (+)= Aᵀ · B,  A stored K×M
//   matmulTransB: C[M×N] (+)= A · Bᵀ,  B stored N×K
//
// A dense layer's bias joins the two products that already hold its operands: matmulTransB
// adds a bias row to C (z = Wx + b), matmulTransA also sums the rows of A (∂L/∂b = Σ δ).
//
// Dispatch: the WebAssembly SIMD kernel (gemm.wat) when it compiled and the product is big
// enough to pay for the copy into its memory, else the cache-blocked TypeScript loops.
// Both give the same numbers up to float reassociation. C must not alias A or B.

import { gemmWasm, wasmGemmAvailable } from './gemmWasm'
import { addRowTs, matmulTransATs, matmulTransBTs, matmulTs, rowSumsTs } from './matmulTs'

export type MatmulBackend = 'wasm' | 'ts'

/** Below this many multiply-adds the copy into WebAssembly memory costs more than it saves. */
const WASM_MIN_MACS = 4096

let preferred: MatmulBackend = 'wasm'

/** Choose the backend ('wasm' falls back to 'ts' where WebAssembly SIMD is missing). */
export function setMatmulBackend(b: MatmulBackend): void {
  preferred = b
}

/** The backend a large product would use now. */
export function matmulBackend(): MatmulBackend {
  return preferred === 'wasm' && wasmGemmAvailable() ? 'wasm' : 'ts'
}

function useWasm(M: number, K: number, N: number): boolean {
  return preferred === 'wasm' && M * K * N >= WASM_MIN_MACS && wasmGemmAvailable()
}

function check(name: string, A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number): void {
  if (A.length < M * K || B.length < K * N || C.length < M * N)
    throw new Error(`${name}: arrays too short for M=${M} K=${K} N=${N} (A ${A.length}, B ${B.length}, C ${C.length})`)
}

export function matmul(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false): void {
  check('matmul', A, B, C, M, K, N)
  if (useWasm(M, K, N)) gemmWasm('nn', A, B, C, M, K, N, accumulate)
  else matmulTs(A, B, C, M, K, N, accumulate)
}

/** With `aSums` (M numbers), also the sums of A's K rows, Σ_k A[k][m] (a dense layer's bias gradient). */
export function matmulTransA(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false, aSums: Float32Array | null = null): void {
  check('matmulTransA', A, B, C, M, K, N)
  if (useWasm(M, K, N)) gemmWasm('tn', A, B, C, M, K, N, accumulate, null, aSums)
  else {
    matmulTransATs(A, B, C, M, K, N, accumulate)
    if (aSums) rowSumsTs(A, K, M, aSums)
  }
}

/** With `rowBias` (N numbers), C's rows get it added after the product (a dense layer's bias). */
export function matmulTransB(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false, rowBias: Float32Array | null = null): void {
  check('matmulTransB', A, B, C, M, K, N)
  if (useWasm(M, K, N)) gemmWasm('nt', A, B, C, M, K, N, accumulate, rowBias)
  else {
    matmulTransBTs(A, B, C, M, K, N, accumulate)
    if (rowBias) addRowTs(C, M, N, rowBias)
  }
}
