// The WebAssembly SIMD path of the matrix products (kernel in gemm.wat), loaded by ../wasm.ts
// from the bytes in gemmWasm.generated.ts on first use. Operands are copied into the
// module's linear memory (a memcpy, small next to the K·M·N multiply-adds).

import { gemmWasmBase64 } from './gemmWasm.generated'
import { wasmInstance, wasmModule } from '../wasm'

interface GemmExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  gemm(a: number, ais: number, aks: number, b: number, ldb: number, c: number, ldc: number, M: number, K: number, N: number, acc: number): void
  transpose(src: number, dst: number, rows: number, cols: number): void
}

let kernel: GemmExports | null | undefined
let heap = new Float32Array(0)

function load(): GemmExports | null {
  if (kernel !== undefined) return kernel
  // No SIMD support (an old runtime): the TypeScript path does the work.
  const module = wasmModule(gemmWasmBase64)
  kernel = module ? wasmInstance<GemmExports>(module) : null
  return kernel
}

/** Whether the SIMD kernel compiled on this runtime. */
export function wasmGemmAvailable(): boolean {
  return load() !== null
}

/** A Float32Array view of the module memory with at least `floats` elements. */
function ensureHeap(k: GemmExports, floats: number): Float32Array {
  const bytes = floats * 4
  const have = k.memory.buffer.byteLength
  if (have < bytes) {
    try {
      k.memory.grow(Math.ceil((bytes - have) / 65536))
    } catch {
      throw new Error(`WebAssembly memory cannot grow to ${Math.ceil(bytes / 2 ** 20)} MB for this matrix product`)
    }
  }
  if (heap.buffer !== k.memory.buffer) heap = new Float32Array(k.memory.buffer)
  return heap
}

const align4 = (n: number): number => (n + 3) & ~3

export type GemmOp = 'nn' | 'tn' | 'nt'

/**
 * C[M×N] (+)= op(A)·op(B): 'nn' A·B, 'tn' Aᵀ·B (A stored K×M), 'nt' A·Bᵀ (B stored N×K).
 * Throws if the kernel is unavailable (callers check wasmGemmAvailable first).
 */
export function gemmWasm(op: GemmOp, A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate: boolean): void {
  const k = load()
  if (!k) throw new Error('WebAssembly SIMD matmul is not available on this runtime')
  const mk = M * K
  const kn = K * N
  const mn = M * N
  // float offsets, 16-byte aligned: A | B | C | scratch for the transposed B
  const oa = 0
  const ob = align4(oa + mk)
  const oc = align4(ob + kn)
  const os = align4(oc + mn)
  const h = ensureHeap(k, os + (op === 'nt' ? kn : 0))
  h.set(A.length === mk ? A : A.subarray(0, mk), oa)
  if (op === 'nt') {
    h.set(B.length === kn ? B : B.subarray(0, kn), os)
    k.transpose(os * 4, ob * 4, N, K)
  } else {
    h.set(B.length === kn ? B : B.subarray(0, kn), ob)
  }
  if (accumulate) h.set(C.length === mn ? C : C.subarray(0, mn), oc)
  const ais = op === 'tn' ? 4 : 4 * K
  const aks = op === 'tn' ? 4 * M : 4
  k.gemm(oa * 4, ais, aks, ob * 4, 4 * N, oc * 4, 4 * N, M, K, N, accumulate ? 1 : 0)
  C.set(h.subarray(oc, oc + mn))
}

/**
 * Bytes of module memory a product needs (A, B, C and the transposed B of 'nt', aligned as
 * gemmWasm lays them out). The memory grows to the largest product a worker has run and
 * stays: a job's estimate counts its largest product.
 */
export function gemmHeapBytes(op: GemmOp, M: number, K: number, N: number): number {
  return 4 * (align4(M * K) + align4(K * N) + align4(M * N) + (op === 'nt' ? K * N : 0))
}
