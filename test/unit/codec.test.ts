import { describe, expect, it } from 'vitest'
import { decodeMessage, encodeMessage } from '../../src/shared/codec'

describe('codec', () => {
  it('round-trips nested structures with every typed array, at odd lengths', () => {
    const value = {
      id: 3,
      s: 'é ✓',
      nested: { a: new Int8Array([1, -1, 1]), b: [new Float64Array([Math.PI, -0, 1e-300]), new Uint8Array(5).fill(255)] },
      f32: new Float32Array([1.5, -2.25]),
      i32: new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
      u32: new Uint32Array([0, 2 ** 32 - 1]),
      nothing: null
    }
    const back = decodeMessage(encodeMessage(value)) as typeof value
    expect(back).toEqual(value)
    expect(back.nested.b[0]).toBeInstanceOf(Float64Array)
    expect(Object.is(back.nested.b[0][1], -0)).toBe(true)
  })

  it('rejects truncated and malformed input with a reason', () => {
    const bytes = encodeMessage({ x: new Float64Array(10) })
    expect(() => decodeMessage(bytes.subarray(0, bytes.length - 16))).toThrow(/truncated/)
    expect(() => decodeMessage(new Uint8Array([1]))).toThrow(/too short/)
    expect(() => decodeMessage(new Uint8Array([255, 255, 0, 0, 1, 2]))).toThrow(/header/)
    const forged = new TextEncoder().encode('{"x":{"$bin":5,"type":"Float64Array","length":1}}')
    const msg = new Uint8Array(4 + forged.length)
    new DataView(msg.buffer).setUint32(0, forged.length, true)
    msg.set(forged, 4)
    expect(() => decodeMessage(msg)).toThrow(/malformed/)
  })

  it('refuses a JSON part over the limit before parsing it, and reads a message at any byte offset', () => {
    const big = encodeMessage({ xs: new Array(300_000).fill(-1) }) // ~900 kB of JSON
    expect(() => decodeMessage(big, { maxHeaderBytes: 512 * 1024 })).toThrow(/its JSON part is 0\.9 MiB, more than 0\.5 MiB: large arrays must be sent as typed arrays/)
    expect((decodeMessage(big, { maxHeaderBytes: 1024 * 1024 }) as { xs: number[] }).xs).toHaveLength(300_000)
    // The limit is checked from the length prefix alone: a header that claims 2 GiB is refused, not read.
    const claim = new Uint8Array(8)
    new DataView(claim.buffer).setUint32(0, 2 ** 31, true)
    expect(() => decodeMessage(claim, { maxHeaderBytes: 1024 })).toThrow(/header exceeds message/)
    const inner = encodeMessage({ a: 1, v: new Float64Array([2.5, -1]) })
    const shifted = new Uint8Array(inner.length + 3)
    shifted.set(inner, 3)
    expect(decodeMessage(shifted.subarray(3))).toEqual({ a: 1, v: new Float64Array([2.5, -1]) })
    const plain = encodeMessage({ a: [1, 2, 3] })
    const shiftedPlain = new Uint8Array(plain.length + 1)
    shiftedPlain.set(plain, 1)
    expect(decodeMessage(shiftedPlain.subarray(1))).toEqual({ a: [1, 2, 3] })
  })
})
