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
})
