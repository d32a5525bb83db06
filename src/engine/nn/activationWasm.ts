// tanh in WebAssembly SIMD (activation.wat), bit for bit tanhFloat32 of activations.ts at a
// fraction of its cost: a tanh network spends a tenth of its epoch there (the Fig. 14
// autoencoder makes 4 million a epoch). One module memory per thread; the numbers pass
// through it in L1-sized chunks (copied in, overwritten, copied out while still in cache).

import { activationWasmBase64 } from './activationWasm.generated'
import { wasmInstance, wasmMemory, wasmModule } from '../wasm'

interface ActivationExports {
  tanh(p: number, n: number): void
}

/** Floats staged at a time (32 KB). */
const CHUNK = 8192

let kernel: { exports: ActivationExports; heap: Float32Array } | null | undefined

function load(): typeof kernel {
  if (kernel !== undefined) return kernel
  const module = wasmModule(activationWasmBase64)
  const memory = module ? wasmMemory(4 * CHUNK) : null
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
