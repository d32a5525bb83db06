// Loading the engine's hand-written WebAssembly kernels (tensor/gemm.wat, ising/wolff.wat,
// ising/multispin.wat, rbm/rbm.wat, nn/adam.wat, nn/activation.wat). WebAssembly is a JS
// global in Node (worker threads included), Electron and browsers alike, so the engine stays
// pure: each module is compiled synchronously from the base64 bytes of its *Wasm.generated.ts
// on first use, once per thread. A runtime that cannot compile one (no WebAssembly, no SIMD)
// gets null and the caller keeps its TypeScript path.

interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

export const WASM_PAGE = 65536

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function decodeBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    const v = B64.indexOf(clean[i])
    if (v < 0) throw new Error(`invalid base64 character ${JSON.stringify(clean[i])}`)
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out
}

function api(): WasmApi | null {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null
}

const modules = new Map<string, object | null>()

/** The compiled module of these bytes (cached), or null where it cannot compile. */
export function wasmModule(base64: string): object | null {
  let m = modules.get(base64)
  if (m !== undefined) return m
  const wasm = api()
  try {
    if (!wasm) throw new Error('no WebAssembly')
    m = new wasm.Module(decodeBase64(base64))
  } catch {
    m = null
  }
  modules.set(base64, m)
  return m
}

/** An instance of `module`; `memory` is given to it as env.memory when the module imports one. */
export function wasmInstance<E>(module: object, memory?: WasmMemory): E {
  const wasm = api()!
  return new wasm.Instance(module, memory ? { env: { memory } } : {}).exports as E
}

/** A fresh linear memory of at least `bytes` bytes, or null when the runtime refuses it. */
export function wasmMemory(bytes: number): WasmMemory | null {
  const wasm = api()
  if (!wasm) return null
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE))
  try {
    return new wasm.Memory({ initial: pages, maximum: pages })
  } catch {
    return null
  }
}
