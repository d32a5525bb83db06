// tanh in WebAssembly SIMD (activation.wat) against tanhFloat32, the TypeScript function it
// replaces in the tanh layers, and its backward pass against the loop dy·(1 − y²): the same float32 bits for a million float32 numbers spread over
// every exponent and sign, 4 million where its rational function works, at the edges of its branches (the clamp, |z| = 4e-4), for ±0, ±∞,
// NaN, and for arrays of every length 0…9 (the SIMD pairs and the scalar tail).

import { describe, expect, it } from 'vitest'
import { tanhFloat32 } from '../../../src/engine/nn/activations'
import { tanhBackwardWasm, tanhWasm } from '../../../src/engine/nn/activationWasm'

function expected(z: Float32Array): Float32Array {
  return z.map(tanhFloat32)
}

function bitsOf(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length)
}

describe('tanh in WebAssembly SIMD (activation.wat)', () => {
  it('gives the bits of tanhFloat32 for float32 numbers of every sign and exponent', () => {
    // every 4093rd bit pattern: 1.05 million numbers, denormals to 3.4e38, both signs, and NaNs
    const z = new Float32Array(Math.ceil(2 ** 32 / 4093))
    const u = bitsOf(z)
    for (let i = 0; i < u.length; i++) u[i] = i * 4093
    const y = new Float32Array(z.length)
    expect(tanhWasm(z, y, z.length)).toBe(true)
    const want = expected(z)
    // NaN in, NaN out (its payload is not the point); every other number bit for bit
    const nan = Array.from(z, Number.isNaN)
    expect(Array.from(y, (v, i) => (nan[i] ? Number.isNaN(v) : v))).toEqual(Array.from(want, (v, i) => (nan[i] ? true : v)))
    expect(Array.from(bitsOf(y)).filter((_, i) => !nan[i])).toEqual(Array.from(bitsOf(want)).filter((_, i) => !nan[i]))
  })

  it('gives the bits of tanhFloat32 densely where the rational function works, 4e-4 < |z| < 7.9', () => {
    const lo = bitsOf(Float32Array.of(4e-4))[0]
    const hi = bitsOf(Float32Array.of(7.9))[0]
    const step = 29 // 4.1 million of the 120 million float32 numbers there, both signs
    const z = new Float32Array(2 * Math.floor((hi - lo) / step))
    const u = bitsOf(z)
    for (let i = 0; i < u.length; i += 2) {
      u[i] = lo + (i / 2) * step
      u[i + 1] = (u[i] | 0x80000000) >>> 0
    }
    const y = new Float32Array(z.length)
    tanhWasm(z, y, z.length)
    const want = bitsOf(expected(z))
    const got = bitsOf(y)
    let differ = 0
    for (let i = 0; i < z.length; i++) if (got[i] !== want[i]) differ++
    expect(differ).toBe(0)
  })

  it('agrees at the edges of its branches and on arrays of every short length, in place too', () => {
    const C = 7.90531110763549805
    const edges = [0, -0, Infinity, -Infinity, 4e-4, -4e-4, C, -C, 7.9, 8, 1e-45, 0.5, -0.75, 3, -3]
    const z = Float32Array.from(edges.flatMap((e) => [e, Math.fround(e) * (1 + 2 ** -23), Math.fround(e) * (1 - 2 ** -23)]))
    const y = new Float32Array(z.length)
    tanhWasm(z, y, z.length)
    expect(Array.from(bitsOf(y))).toEqual(Array.from(bitsOf(expected(z))))
    for (let n = 0; n <= 9; n++) {
      const a = z.slice(0, n)
      const sentinel = Float32Array.from([...a, 42])
      tanhWasm(sentinel, sentinel, n) // in place, and nothing past n
      expect(Array.from(sentinel)).toEqual([...expected(a), 42])
    }
  })

  it('runs in chunks: a long array (past one staging chunk) matches everywhere', () => {
    const z = Float32Array.from({ length: 20001 }, (_, i) => Math.sin(i) * 9)
    const y = new Float32Array(z.length)
    tanhWasm(z, y, z.length)
    expect(Array.from(bitsOf(y))).toEqual(Array.from(bitsOf(expected(z))))
  })

  it('the backward pass dz = dy·(1 − y²) gives the bits of the float64 loop, every length 0…9 and past a chunk, in place too', () => {
    const dzLoop = (y: Float32Array, dy: Float32Array): Float32Array => y.map((v, i) => dy[i] * (1 - v * v))
    const len = 10007
    const y = new Float32Array(len).map((_, i) => tanhFloat32(Math.sin(i * 0.37) * 6))
    const dy = new Float32Array(len).map((_, i) => Math.cos(i * 1.3) * 10 ** ((i % 9) - 6))
    y[0] = 1
    y[1] = -1
    y[2] = 0
    dy[3] = 0
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, len]) {
      const dz = new Float32Array(n + 1).fill(42)
      expect(tanhBackwardWasm(y, dy, dz, n)).toBe(true)
      expect(Array.from(bitsOf(dz))).toEqual(Array.from(bitsOf(Float32Array.from([...dzLoop(y.subarray(0, n), dy.subarray(0, n)), 42]))))
    }
    const inPlace = dy.slice()
    tanhBackwardWasm(y, inPlace, inPlace, len)
    expect(Array.from(bitsOf(inPlace))).toEqual(Array.from(bitsOf(dzLoop(y, dy))))
  })
})
