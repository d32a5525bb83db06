// The 128-spins-per-v128 multispin sweep (multispin.wat) for L a multiple of 128: a lattice in
// the kernel's memory, copied in and out in multispin.ts's 32-bit layout. The kernel runs
// multispinPass with four random streams word for word, so a run is the same whether the
// kernel or the TypeScript loop did the sweeps (the simulation picks the kernel when it
// compiles and falls back to the same four streams in TypeScript otherwise).

import type { MultispinPlan } from './multispin'
import { multispinWasmBase64 } from './multispinWasm.generated'
import { wasmInstance, wasmMemory, wasmModule } from '../wasm'

/** Random streams the kernel draws from: one per lane. */
export const SIMD_STREAMS = 4

/** Byte offsets in the kernel's memory (see multispin.wat). */
const STATES = 0
const CERTAIN_MASKS = 64
const OPEN_COUNT = 104
const OPEN = 112
const LATTICE = 1024

export function canMultispinSimd(L: number): boolean {
  return L >= 128 && L % 128 === 0
}

export interface MultispinSimd {
  /** Copy in a lattice in the 32-bit layout of pack(). */
  load(words: Int32Array): void
  /** Copy the lattice out in the 32-bit layout (into `out`). */
  store(out: Int32Array): Int32Array
  /** One sweep, both colours, with the plan's thresholds and the SIMD_STREAMS states in `st`. */
  sweep(plan: MultispinPlan, st: Int32Array): void
}

/** The kernel for an L×L lattice, or null where L does not allow it or WebAssembly SIMD is missing. */
export function createMultispinSimd(L: number): MultispinSimd | null {
  if (!canMultispinSimd(L)) return null
  const module = wasmModule(multispinWasmBase64)
  const W = L >> 5
  const memory = module ? wasmMemory(LATTICE + 4 * L * W) : null
  if (!module || !memory) return null
  const kernel = wasmInstance<{ sweep(L: number): void }>(module, memory)
  const i32 = new Int32Array(memory.buffer)
  const lattice = new Int32Array(memory.buffer, LATTICE, L * W)
  const V = W >> 2
  let uploaded: MultispinPlan | null = null

  function upload(plan: MultispinPlan): void {
    i32.set(plan.certain, CERTAIN_MASKS >> 2)
    i32[OPEN_COUNT >> 2] = plan.open.length
    for (let j = 0; j < plan.open.length; j++) {
      const g = plan.open[j]
      const sel = g & 3 // 0: σ = −1 only, 1: σ = +1 only, 2: both
      const o = (OPEN >> 2) + 4 * j
      i32[o] = 16 * (g >> 2)
      i32[o + 1] = sel !== 0 ? -1 : 0
      i32[o + 2] = sel !== 1 ? -1 : 0
      i32[o + 3] = plan.digits[j]
    }
    uploaded = plan
  }

  return {
    load(words) {
      // lane j of vector (y, v) ← word v + jV of row y
      for (let row = 0; row < L * W; row += W) for (let v = 0; v < V; v++) for (let j = 0; j < 4; j++) lattice[row + 4 * v + j] = words[row + v + j * V]
    },
    store(out) {
      for (let row = 0; row < L * W; row += W) for (let v = 0; v < V; v++) for (let j = 0; j < 4; j++) out[row + v + j * V] = lattice[row + 4 * v + j]
      return out
    },
    sweep(plan, st) {
      if (st.length !== 4 * SIMD_STREAMS) throw new Error(`the 128-spin sweep draws from ${SIMD_STREAMS} random streams (got ${st.length / 4})`)
      if (plan !== uploaded) upload(plan)
      // state word i of stream j is lane j of S_i
      for (let j = 0; j < SIMD_STREAMS; j++) for (let i = 0; i < 4; i++) i32[(STATES >> 2) + 4 * i + j] = st[4 * j + i]
      kernel.sweep(L)
      for (let j = 0; j < SIMD_STREAMS; j++) for (let i = 0; i < 4; i++) st[4 * j + i] = i32[(STATES >> 2) + 4 * i + j]
    }
  }
}
