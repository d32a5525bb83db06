import { describe, expect, it } from 'vitest'
import { packSpins, spinBitsBytes, unpackSpins } from '../../src/shared/spinBits'
import { createRng } from '../../src/engine/rng'

/** The packing written out bit by bit: the truth the fast paths are checked against. */
function packNaive(spins: Int8Array): Uint8Array {
  const bits = new Uint8Array(Math.ceil(spins.length / 8))
  spins.forEach((s, i) => {
    if (s === 1) bits[i >> 3] |= 1 << (i % 8)
  })
  return bits
}

/** Byte-for-byte comparison (toEqual walks a 512 × 512 lattice slowly). */
const bytesOf = (a: Int8Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

function randomSpins(n: number, seed: number): Int8Array {
  const rng = createRng(seed)
  return Int8Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : -1))
}

describe('spin bits', () => {
  it('packs a worked example: site 8k + i is bit i of byte k, set for σ = +1, padding zero', () => {
    const spins = Int8Array.from([1, -1, -1, 1, 1, 1, -1, -1, 1])
    // byte 0: bits 0, 3, 4, 5 → 0b00111001; byte 1: bit 0 (site 8), bits 1–7 padding
    expect(packSpins(spins)).toEqual(Uint8Array.from([0b00111001, 0b00000001]))
    expect(unpackSpins(Uint8Array.from([0b00111001, 1]), 9)).toEqual(spins)
  })

  it('round-trips at every length around a byte and a word, and a 512 × 512 lattice, as the naive packing does', () => {
    for (const n of [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 512 * 512]) {
      const spins = randomSpins(n, n + 1)
      const bits = packSpins(spins)!
      expect(bits.length).toBe(spinBitsBytes(n))
      expect(bytesOf(bits).equals(bytesOf(packNaive(spins))), `n = ${n}`).toBe(true)
      expect(bytesOf(unpackSpins(bits, n)).equals(bytesOf(spins)), `n = ${n}`).toBe(true)
    }
  })

  it('packs spins at any offset of their buffer (word-aligned or not) alike', () => {
    const host = randomSpins(1000, 9)
    for (const offset of [0, 1, 2, 3, 4, 8]) {
      const spins = host.subarray(offset, offset + 901)
      expect(bytesOf(packSpins(spins)!).equals(bytesOf(packNaive(spins))), `offset ${offset}`).toBe(true)
    }
  })

  it('unpacks bits that sit at any offset of a larger buffer', () => {
    const spins = randomSpins(77, 5)
    const host = new Uint8Array(3 + spinBitsBytes(77))
    host.set(packSpins(spins)!, 3)
    expect(unpackSpins(host.subarray(3), 77)).toEqual(spins)
  })

  it('leaves arrays that are not all ±1 unpacked (null), wherever the odd value is', () => {
    // 3 and −3 have the low bit of ±1 set; 127 and −128 share one of their bytes' halves.
    for (const odd of [0, 2, -2, 3, -3, 127, -128])
      for (const at of [0, 5, 8, 13, 99]) {
        const spins = randomSpins(100, at)
        spins[at] = odd
        expect(packSpins(spins), `${odd} at ${at}`).toBeNull()
      }
  })

  it('refuses bits of the wrong length or with padding bits set, saying why', () => {
    expect(() => unpackSpins(new Uint8Array(2), 17)).toThrow('spin bits: 2 bytes for 17 sites (expected 3)')
    expect(() => unpackSpins(new Uint8Array(3), 16)).toThrow(/3 bytes for 16 sites/)
    expect(() => unpackSpins(Uint8Array.from([0, 0b10]), 9)).toThrow('spin bits: padding bits set past the last site')
    expect(unpackSpins(Uint8Array.from([0, 0b1]), 9)[8]).toBe(1)
  })
})
