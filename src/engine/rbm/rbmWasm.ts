// The WebAssembly SIMD path of the machine's layers (kernels in rbm.wat), loaded by ../wasm.ts
// from the bytes in rbmWasm.generated.ts on first use, once per thread. Operands are copied
// into the module's memory and results out (memcpys, small next to the sums); rows the kernels
// read four floats at a time are padded to a multiple of 4. Every function returns false when
// it cannot do the work — no WebAssembly SIMD, memory that cannot grow, or (for the products)
// a matrix of states with an entry other than 0 or 1 — and the caller takes its TypeScript path.

import { rbmWasmBase64 } from './rbmWasm.generated'
import { wasmInstance, wasmModule, WASM_PAGE } from '../wasm'

interface RbmExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  /** First byte free for operands (below it: the kernel's own table). */
  heapBase: { value: number }
  onLists(s: number, rows: number, cols: number, lds: number, ptr: number, idx: number, scale: number): number
  transposeLists(ptr: number, idx: number, rows: number, cols: number, tptr: number, tidx: number, cur: number, scale: number): void
  sumRows(c: number, ldc: number, nq: number, ptr: number, idx: number, m: number, width: number, base: number): void
  transpose(src: number, lds: number, dst: number, ldd: number, rows: number, cols: number): void
  sigmoid(a: number, n: number, f: number): void
  bernoulli(p: number, out: number, n: number, st: number, off: number, printed: number): void
}

let kernel: RbmExports | null | undefined
let f32 = new Float32Array(0)
let i32 = new Int32Array(0)

function load(): RbmExports | null {
  if (kernel === undefined) {
    const module = wasmModule(rbmWasmBase64)
    kernel = module ? wasmInstance<RbmExports>(module) : null
  }
  return kernel
}

const align4 = (n: number): number => (n + 3) & ~3

/**
 * Space in the module's memory for one call: `take` hands out 16-byte aligned blocks (offsets
 * in 4-byte words), `ready` grows the memory to hold them all and refreshes the views.
 */
class Arena {
  words: number
  constructor(k: RbmExports) {
    this.words = loaded ? loaded.end : k.heapBase.value / 4
  }
  take(words: number): number {
    const at = this.words
    this.words = align4(at + words)
    return at
  }
  ready(k: RbmExports): boolean {
    const need = this.words * 4
    const have = k.memory.buffer.byteLength
    if (have < need) {
      try {
        k.memory.grow(Math.ceil((need - have) / WASM_PAGE))
      } catch {
        return false
      }
    }
    if (f32.buffer !== k.memory.buffer) {
      f32 = new Float32Array(k.memory.buffer)
      i32 = new Int32Array(k.memory.buffer)
    }
    return true
  }
}

/**
 * rows × cols of `src` (row-major, contiguous) into the memory at word `at` with row stride
 * `ld`, the padding zeroed (stale words there could be denormals, which slow the adds).
 */
function put(src: Float32Array, rows: number, cols: number, at: number, ld: number): void {
  if (ld === cols) {
    f32.set(src.length === rows * cols ? src : src.subarray(0, rows * cols), at)
    return
  }
  for (let r = 0; r < rows; r++) {
    f32.set(src.subarray(r * cols, (r + 1) * cols), at + r * ld)
    f32.fill(0, at + r * ld + cols, at + (r + 1) * ld)
  }
}

/** rows × cols from word `at` (row stride `ld`) into `dst`, contiguous. */
function get(dst: Float32Array, rows: number, cols: number, at: number, ld: number): void {
  if (ld === cols) {
    dst.set(f32.subarray(at, at + rows * cols))
    return
  }
  for (let r = 0; r < rows; r++) dst.set(f32.subarray(at + r * ld, at + r * ld + cols), r * cols)
}

/**
 * Lists of the 1s of S (rows × cols) at `ptr`/`idx` (column j stored as j·scale), and their
 * number; null if S holds another value.
 */
function lists(k: RbmExports, S: Float32Array, rows: number, cols: number, scale: number, a: Arena): { ptr: number; idx: number; ones: number } | null {
  const s = a.take(rows * cols)
  const ptr = a.take(rows + 1)
  const idx = a.take(rows * cols + 4)
  if (!a.ready(k)) return null
  put(S, rows, cols, s, cols)
  const ones = k.onLists(4 * s, rows, cols, 4 * cols, 4 * ptr, 4 * idx, scale)
  return ones < 0 ? null : { ptr, idx, ones }
}

/** The bias row, zero-padded to N4, or 0 (no base row). */
function putBias(bias: Float32Array | undefined, at: number, N: number, N4: number): number {
  if (!bias) return 0
  f32.set(bias.subarray(0, N), at)
  f32.fill(0, at + N, at + N4)
  return 4 * at
}

/**
 * A weight matrix W (rows × cols) held in the module's memory, as is and transposed, with
 * rows padded to a multiple of 4 floats: at `W` (stride align4(cols)) and `Wt` (stride
 * align4(rows)), in words; the arena of every call starts at `end`.
 */
interface LoadedWeights {
  source: Float32Array
  rows: number
  cols: number
  W: number
  Wt: number
  end: number
}

let loaded: LoadedWeights | null = null

/** B (K × N, or N × K when `transposed`) as K rows of N4 floats at word `at`. */
function putRows(k: RbmExports, B: Float32Array, transposed: boolean, K: number, N: number, at: number, scratch: number): void {
  const N4 = align4(N)
  if (!transposed) return put(B, K, N, at, N4)
  put(B, N, K, scratch, K)
  if (N4 !== N) f32.fill(0, at, at + K * N4)
  k.transpose(4 * scratch, 4 * K, 4 * at, 4 * N4, N, K)
}

/**
 * Runs `fn` with W (rows × cols) copied into the kernel's memory once, as is and transposed:
 * the products in `fn` that take this very array use those copies (one update of the machine
 * takes three products with W: copying and transposing it once instead of three times).
 * W must not change inside `fn`. Without the kernel, or memory for it, `fn` just runs.
 */
export function withWeightsLoaded<T>(W: Float32Array, rows: number, cols: number, fn: () => T): T {
  const k = load()
  const outer = loaded
  if (k) {
    const a = new Arena(k)
    const w = a.take(rows * align4(cols))
    const wt = a.take(cols * align4(rows))
    const scratch = a.take(rows * cols)
    if (a.ready(k)) {
      putRows(k, W, false, rows, cols, w, 0)
      putRows(k, W, true, cols, rows, wt, scratch)
      loaded = { source: W, rows, cols, W: w, Wt: wt, end: scratch }
    }
  }
  try {
    return fn()
  } finally {
    loaded = outer
  }
}

/** C = S·op(B) + bias: the rows of B (K × N) or of Bᵀ (B stored N × K) that S selects, summed. */
function sumSelected(S: Float32Array, B: Float32Array, transposed: boolean, C: Float32Array, n: number, K: number, N: number, bias?: Float32Array): boolean {
  const k = load()
  if (!k) return false
  const a = new Arena(k)
  const N4 = align4(N)
  const l = lists(k, S, n, K, 4 * N4, a)
  if (!l) return false
  const resident = loaded && loaded.source === B && (transposed ? loaded.rows === N && loaded.cols === K : loaded.rows === K && loaded.cols === N)
  const b = resident ? (transposed ? loaded!.Wt : loaded!.W) : a.take(K * N4)
  const scratch = resident || !transposed ? 0 : a.take(N * K)
  const o = a.take(N4)
  const c = a.take(n * N4)
  if (!a.ready(k)) return false
  if (!resident) putRows(k, B, transposed, K, N, b, scratch)
  k.sumRows(4 * c, 4 * N4, n, 4 * l.ptr, 4 * l.idx, 4 * b, N, putBias(bias, o, N, N4))
  get(C, n, N, c, N4)
  return true
}

/** C[n × N] = S·B + bias for S (n × K) of 0s and 1s and B (K × N): rows of B summed. */
export function binaryTimes(S: Float32Array, B: Float32Array, C: Float32Array, n: number, K: number, N: number, bias?: Float32Array): boolean {
  return sumSelected(S, B, false, C, n, K, N, bias)
}

/** C[n × N] = S·Bᵀ + bias for S (n × K) of 0s and 1s, B stored N × K: rows of Bᵀ summed. */
export function binaryTimesTransB(S: Float32Array, B: Float32Array, C: Float32Array, n: number, K: number, N: number, bias?: Float32Array): boolean {
  return sumSelected(S, B, true, C, n, K, N, bias)
}

/** With transATimesBinary: also the column sums of A and the weighted column sums of S. */
export interface ColumnSums {
  /** Row weights w (K). */
  weights: Float32Array
  /** Out: Σ_r A_r (M). */
  A: Float32Array
  /** Out: Σ_r w_r S_r (N). */
  S: Float32Array
}

/**
 * C[M × N] = Aᵀ·S for S (K × N) of 0s and 1s, A stored K × M: row i of Cᵀ is the sum of the
 * rows of A where column i of S is 1, and C its transpose. With `sums`, the same product with
 * the weights appended to A as a column and an all-ones column appended to S gives the column
 * sums too (an always-on unit on either side).
 */
export function transATimesBinary(A: Float32Array, S: Float32Array, C: Float32Array, M: number, K: number, N: number, sums?: ColumnSums): boolean {
  const k = load()
  if (!k) return false
  const a = new Arena(k)
  const l = lists(k, S, K, N, 1, a)
  if (!l) return false
  const extra = sums ? 1 : 0
  const M4 = align4(M + extra)
  const tptr = a.take(N + 2)
  const tidx = a.take(l.ones + K)
  const cur = a.take(N)
  const am = a.take(K * M4)
  const ct = a.take((N + extra) * M4)
  const c = a.take(M * N)
  if (!a.ready(k)) return false
  k.transposeLists(4 * l.ptr, 4 * l.idx, K, N, 4 * tptr, 4 * tidx, 4 * cur, 4 * M4)
  put(A, K, M, am, M4)
  if (sums) {
    // list N: every row (the always-on column of S); column M of A: the weights
    i32[tptr + N + 1] = l.ones + K
    for (let r = 0; r < K; r++) {
      i32[tidx + l.ones + r] = 4 * M4 * r
      f32[am + r * M4 + M] = sums.weights[r]
    }
  }
  k.sumRows(4 * ct, 4 * M4, N + extra, 4 * tptr, 4 * tidx, 4 * am, M + extra, 0)
  k.transpose(4 * ct, 4 * M4, 4 * c, 4 * N, N, M)
  get(C, M, N, c, N)
  if (sums) {
    for (let i = 0; i < N; i++) sums.S[i] = f32[ct + i * M4 + M]
    sums.A.set(f32.subarray(ct + N * M4, ct + N * M4 + M))
  }
  return true
}

/** a[k] ← σ(f·a[k]) for k < count. */
export function sigmoidWasm(a: Float32Array, count: number, f: number): boolean {
  const k = load()
  if (!k) return false
  const ar = new Arena(k)
  const at = ar.take(count)
  if (!ar.ready(k)) return false
  f32.set(a.subarray(0, count), at)
  k.sigmoid(4 * at, count, f)
  a.set(f32.subarray(at, at + count))
  return true
}

/**
 * out[k] = 1 or `off` drawn from P[k], k < count, by bernoulli in rbm.wat from four xoshiro128**
 * streams (`streams`: 16 words, stream j's state at 4j … 4j + 3, advanced in place).
 */
export function bernoulliWasm(P: Float32Array, out: Float32Array, count: number, streams: Int32Array, off: number, printed: boolean): boolean {
  const k = load()
  if (!k) return false
  const a = new Arena(k)
  const st = a.take(16)
  const p = a.take(count)
  const o = a.take(count)
  if (!a.ready(k)) return false
  // the kernel holds word i of the four streams in one vector
  for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) i32[st + 4 * i + j] = streams[4 * j + i]
  f32.set(P.subarray(0, count), p)
  k.bernoulli(4 * p, 4 * o, count, 4 * st, off, printed ? 1 : 0)
  out.set(f32.subarray(o, o + count))
  for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) streams[4 * j + i] = i32[st + 4 * i + j]
  return true
}
