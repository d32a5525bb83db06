// tanh and its backward pass in WebAssembly SIMD (activation.wat), bit for bit tanhFloat32 and
// the loop of activations.ts at a fraction of their cost: a tanh network spent a seventh of
// its epoch there (the Fig. 14 autoencoder makes 4 million of each a epoch). One module memory per thread; the numbers pass
// through it in L1-sized chunks (copied in, overwritten, copied out while still in cache).

import { activationWasmBase64 } from './activationWasm.generated'
import { wasmInstance, wasmMemory, wasmModule } from '../wasm'

interface ActivationExports {
  tanh(p: number, n: number): void
  tanhBackward(y: number, dy: number, dz: number, n: number): void
}

/** Floats staged at a time per array (16 KB; three arrays for the backward pass). */
const CHUNK = 4096

let kernel: { exports: ActivationExports; heap: Float32Array } | null | undefined

function load(): typeof kernel {
  if (kernel !== undefined) return kernel
  const module = wasmModule(activationWasmBase64)
  const memory = module ? wasmMemory(3 * 4 * CHUNK) : null
  kernel = module && memory ? { exports: wasmInstance<ActivationExports>(module, memory), heap: new Float32Array(memory.buffer) } : null
  return kernel
}

/** y[i] = tanhFloat32(z[i]) for i < len (y may be z); false where WebAssembly SIMD is missing. */
export function tanhWasm(z: Float32Array, y: Float32Array, len: number): boolean {
  const k = load()
  if (!k) return false
  for (let a = 0; a < len; a += CHUNK) {
    const n = Math.min(CHUNK, len - a)
    k.heap.set(z.subarray(a, a + n))
    k.exports.tanh(0, n)
    y.set(k.heap.subarray(0, n), a)
  }
  return true
}

/** dz[i] = dy[i]·(1 − y[i]²) for i < len (dz may be dy), as activations.ts's loop; false where WebAssembly SIMD is missing. */
export function tanhBackwardWasm(y: Float32Array, dy: Float32Array, dz: Float32Array, len: number): boolean {
  const k = load()
  if (!k) return false
  for (let a = 0; a < len; a += CHUNK) {
    const n = Math.min(CHUNK, len - a)
    k.heap.set(y.subarray(a, a + n))
    k.heap.set(dy.subarray(a, a + n), CHUNK)
    k.exports.tanhBackward(0, 4 * CHUNK, 4 * 2 * CHUNK, n)
    dz.set(k.heap.subarray(2 * CHUNK, 2 * CHUNK + n), a)
  }
  return true
}
