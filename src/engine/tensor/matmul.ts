// The three matrix products every layer of the engine is built on (dense layers, im2col
// convolutions, Boltzmann machines), row-major Float32Array:
//
//   matmul:       C[M×N] (+)= A[M×K] · B[K×N]
//   matmulTransA: C[M×N] (+)= Aᵀ · B,  A stored K×M
//   matmulTransB: C[M×N] (+)= A · Bᵀ,  B stored N×K
//
// Dispatch: the WebAssembly SIMD kernel (gemm.wat) when it compiled and the product is big
// enough to pay for the copy into its memory, else the cache-blocked TypeScript loops.
// Both give the same numbers up to float reassociation. C must not alias A or B.

import { gemmWasm, wasmGemmAvailable } from './gemmWasm'
import { matmulTransATs, matmulTransBTs, matmulTs } from './matmulTs'

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

export function matmulTransA(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false): void {
  check('matmulTransA', A, B, C, M, K, N)
  if (useWasm(M, K, N)) gemmWasm('tn', A, B, C, M, K, N, accumulate)
  else matmulTransATs(A, B, C, M, K, N, accumulate)
}

export function matmulTransB(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false): void {
  check('matmulTransB', A, B, C, M, K, N)
  if (useWasm(M, K, N)) gemmWasm('nt', A, B, C, M, K, N, accumulate)
  else matmulTransBTs(A, B, C, M, K, N, accumulate)
}
