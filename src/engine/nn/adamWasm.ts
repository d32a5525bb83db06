// Adam's step in WebAssembly SIMD (adam.wat), bit for bit the TypeScript loop of optimizer.ts
// at a fraction of its cost: the loop was a quarter of an epoch of the Fig. 14 autoencoder.
// Each optimiser has its own module memory, sized once: the moments m and v live there
// between steps; the weights and gradients pass through in chunks small enough to stay in the
// L1 cache (copied in, updated, the weights copied back out while still there).

import { adamWasmBase64 } from './adamWasm.generated'
import type { AdamUpdate } from './optimizer'
import { wasmInstance, wasmMemory, wasmModule } from '../wasm'

interface AdamExports {
  step(w: number, g: number, m: number, v: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, lr: number, c1: number, c2: number, eps: number): void
}

/** Floats of weights (and as many of gradients) staged at a time: 2 × 8 KB. */
const CHUNK = 2048

/** Bytes of module memory an Adam optimiser of `parameters` numbers holds: its two moments and the staging chunks. */
export function adamWasmBytes(parameters: number): number {
  return 4 * (2 * CHUNK + 2 * parameters)
}

/**
 * Adam's update (see adamTs) for arrays shaped like `params`, or null where WebAssembly SIMD is
 * missing or the runtime refuses the memory (the caller keeps the TypeScript loop).
 */
export function adamWasm(params: Float32Array[], beta1: number, beta2: number, eps: number): AdamUpdate | null {
  const module = wasmModule(adamWasmBase64)
  const P = params.reduce((s, p) => s + p.length, 0)
  const memory = module ? wasmMemory(adamWasmBytes(P)) : null
  if (!module || !memory) return null
  const kernel = wasmInstance<AdamExports>(module, memory)
  // float offsets: the staged weights and gradients, then m and v of every parameter in order
  const W = 0
  const G = CHUNK
  const M = 2 * CHUNK
  const V = M + P
  const heap = new Float32Array(memory.buffer)
  return (ps, grads, lr, c1, c2) => {
    let at = 0
    for (let p = 0; p < ps.length; p++) {
      const w = ps[p]
      const g = grads[p]
      if (at + w.length > P) throw new Error(`Adam was made for ${P} parameters, not more`)
      for (let a = 0; a < w.length; a += CHUNK) {
        const n = Math.min(CHUNK, w.length - a)
        heap.set(n === w.length ? w : w.subarray(a, a + n), W)
        heap.set(n === g.length ? g : g.subarray(a, a + n), G)
        kernel.step(4 * W, 4 * G, 4 * (M + at + a), 4 * (V + at + a), n, beta1, 1 - beta1, beta2, 1 - beta2, lr, c1, c2, eps)
        w.set(heap.subarray(W, W + n), a)
      }
      at += w.length
    }
  }
}
