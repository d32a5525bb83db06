// The WebAssembly SIMD path of the matrix products (kernel in gemm.wat), loaded by ../wasm.ts
// from the bytes in gemmWasm.generated.ts on first use. Operands are copied into the
// module's linear memory (a memcpy, small next to the K·M·N multiply-adds).

import { gemmWasmBase64 } from './gemmWasm.generated'
import { wasmInstance, wasmModule } from '../wasm'

interface GemmExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  gemm(a: number, ais: number, aks: number, b: number, ldb: number, c: number, ldc: number, M: number, K: number, N: number, acc: number): void
  transpose(src: number, dst: number, rows: number, cols: number): void
  addRow(c: number, M: number, N: number, b: number): void
  columnSums(a: number, rows: number, cols: number, out: number): void
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
 * With `rowBias` (N numbers) it is then added to every row of C; with `aSums` (M numbers),
 * 'tn' also writes the sums of A's K rows there (Aᵀ·1). A dense layer's bias and its gradient
 * ride along with the products that have their operands in the module memory already.
 * Throws if the kernel is unavailable (callers check wasmGemmAvailable first).
 */
export function gemmWasm(
  op: GemmOp,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  M: number,
  K: number,
  N: number,
  accumulate: boolean,
  rowBias: Float32Array | null = null,
  aSums: Float32Array | null = null
): void {
  const k = load()
  if (!k) throw new Error('WebAssembly SIMD matmul is not available on this runtime')
  if (aSums && op !== 'tn') throw new Error("the sums of A's rows come with the 'tn' product only")
  const mk = M * K
  const kn = K * N
  const mn = M * N
  // float offsets, 16-byte aligned: A | B | C | scratch for the transposed B | a vector (bias or sums)
  const oa = 0
  const ob = align4(oa + mk)
  const oc = align4(ob + kn)
  const os = align4(oc + mn)
  const ov = align4(os + (op === 'nt' ? kn : 0))
  const h = ensureHeap(k, ov + Math.max(M, N))
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
  if (rowBias) {
    h.set(rowBias.subarray(0, N), ov)
    k.addRow(oc * 4, M, N, ov * 4)
  }
  if (aSums) {
    k.columnSums(oa * 4, K, M, ov * 4)
    aSums.set(h.subarray(ov, ov + M))
  }
  C.set(h.subarray(oc, oc + mn))
}

/**
 * Bytes of module memory a product needs (A, B, C, the transposed B of 'nt' and a bias or
 * sums vector, aligned as gemmWasm lays them out). The memory grows to the largest product a
 * worker has run and stays: a job's estimate counts its largest product.
 */
export function gemmHeapBytes(op: GemmOp, M: number, K: number, N: number): number {
  return 4 * (align4(M * K) + align4(K * N) + align4(M * N) + (op === 'nt' ? align4(K * N) : 0) + Math.max(M, N))
}
