// Adam's WebAssembly kernel (adam.wat) against the TypeScript loop it replaces: the same bits
// after every step, on arrays whose lengths are and are not multiples of the two float64
// lanes, with gradients over many scales, zeros and exact float32 ties; and both against the
// closed form of a constant gradient (m̂ = g, v̂ = g², so each step is η·g/(|g| + ε)).

import { describe, expect, it } from 'vitest'
import { adam, adamTs, type AdamUpdate } from '../../../src/engine/nn/optimizer'
import { adamWasm } from '../../../src/engine/nn/adamWasm'
import { createRng } from '../../../src/engine/rng'

const LENGTHS = [1, 2, 3, 4, 5, 7, 64, 257, 1001]

function randomArrays(seed: number, scale: (i: number) => number): Float32Array[] {
  const r = createRng(seed)
  return LENGTHS.map((n) => Float32Array.from({ length: n }, (_, i) => (r.uniform() - 0.5) * scale(i)))
}

function bits(a: Float32Array[]): number[] {
  return a.flatMap((x) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length)))
}

describe('Adam in WebAssembly SIMD (adam.wat)', () => {
  it('compiles on this runtime (Node 20 has WebAssembly SIMD)', () => {
    expect(adamWasm([new Float32Array(3)], 0.9, 0.999, 1e-8)).not.toBeNull()
  })

  it('gives the bits of the TypeScript loop after every step, over lengths odd and even and gradients of every scale', () => {
    for (const [beta1, beta2, eps] of [
      [0.9, 0.999, 1e-8],
      [0.5, 0.9, 1e-3]
    ]) {
      const wTs = randomArrays(1, () => 2)
      const wWasm = wTs.map((w) => w.slice())
      const ts = adam(wTs, beta1, beta2, eps, adamTs(wTs, beta1, beta2, eps))
      const wasm = adam(wWasm, beta1, beta2, eps, adamWasm(wWasm, beta1, beta2, eps) as AdamUpdate)
      const start = bits(wTs)
      for (let step = 0; step < 12; step++) {
        // gradients from 1e-30 to 1e3, some exactly 0, a different draw each step
        const g = randomArrays(100 + step, (i) => (i % 11 === 0 ? 0 : 10 ** ((i % 34) - 30)))
        const lr = [1e-3, 0.05, 0.7][step % 3]
        ts.step(wTs, g, lr)
        wasm.step(wWasm, g, lr)
        expect(bits(wWasm)).toEqual(bits(wTs))
      }
      // the weights moved: equal because both stepped, not because neither did
      const moved = bits(wTs).filter((b, i) => b !== start[i]).length
      expect(moved).toBeGreaterThan(0.25 * start.length) // gradients far below ε barely move a weight
    }
  })

  it('a constant gradient steps by η·g/(|g| + ε) each time, in both paths', () => {
    for (const make of [adamTs, adamWasm]) {
      const gs = [1e-4, 3, -250, 0.5, -7]
      const w = [new Float32Array(gs.length)]
      const opt = adam(w, 0.9, 0.999, 1e-8, make(w, 0.9, 0.999, 1e-8) as AdamUpdate)
      const g = [Float32Array.from(gs)]
      for (let k = 1; k <= 5; k++) {
        opt.step(w, g, 0.01)
        // m and v are rounded to float32 between steps: m̂, v̂ stay within ~1e-7 of g, g²
        gs.forEach((gi, i) => expect(w[0][i]).toBeCloseTo((-k * 0.01 * gi) / (Math.abs(gi) + 1e-8), 6))
      }
    }
  })
})
