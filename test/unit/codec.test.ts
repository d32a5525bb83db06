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

describe('codec: spins one bit per site', () => {
  const lattice = (n: number): Int8Array => Int8Array.from({ length: n }, (_, i) => ((i * 7919) % 13 < 6 ? 1 : -1))
  /** A message written by hand: `header` as its JSON part, then `payload` at the first aligned offset. */
  function forge(header: unknown, payload: Uint8Array): Uint8Array {
    const json = new TextEncoder().encode(JSON.stringify(header))
    const at = (4 + json.length + 7) & ~7
    const msg = new Uint8Array(at + payload.length)
    new DataView(msg.buffer).setUint32(0, json.length, true)
    msg.set(json, 4)
    msg.set(payload, at)
    return msg
  }

  it('sends a 512 × 512 lattice of ±1 in 32 KB when asked, and the receiver gets the same Int8Array', () => {
    const event = { type: 'job.frame', runId: 4, data: lattice(512 * 512), meta: { L: 512, sweep: 9 } }
    const packed = encodeMessage({ event }, { packSpins: true })
    const raw = encodeMessage({ event })
    expect(raw.length).toBeGreaterThan(512 * 512)
    expect(packed.length).toBeLessThan(512 * 512 / 8 + 200)
    const back = decodeMessage(packed) as { event: typeof event }
    expect({ ...back.event, data: null }).toEqual({ ...event, data: null })
    expect(back.event.data).toBeInstanceOf(Int8Array)
    // Byte-for-byte (toEqual walks 262 144 elements slowly).
    expect(Buffer.from(back.event.data.buffer, back.event.data.byteOffset, back.event.data.length).equals(Buffer.from(event.data.buffer))).toBe(true)
  })

  it('sends as they are what is not a long ±1 Int8 array: other values, short arrays, other types', () => {
    const zero = lattice(100)
    zero[50] = 0
    const value = { zero, short: lattice(63), u8: new Uint8Array(100).fill(1), f32: Float32Array.from(lattice(100)), spins: lattice(65) }
    const packed = encodeMessage(value, { packSpins: true })
    expect(decodeMessage(packed)).toEqual(value)
    const header = JSON.parse(new TextDecoder().decode(packed.subarray(4, 4 + new DataView(packed.buffer).getUint32(0, true))))
    const packings = Object.fromEntries(Object.entries(header as Record<string, { packing?: string }>).map(([k, r]) => [k, r.packing ?? 'none']))
    expect(packings).toEqual({ zero: 'none', short: 'none', u8: 'none', f32: 'none', spins: 'spin-bits' })
  })

  it('refuses forged packed spins with a reason: another type or packing, too few bytes, padding bits, over the limit', () => {
    const ref = (over: Record<string, unknown>) => ({ x: { $bin: 0, type: 'Int8Array', length: 9, packing: 'spin-bits', ...over } })
    expect(decodeMessage(forge(ref({}), Uint8Array.from([0b1, 1])))).toEqual({ x: Int8Array.from([1, -1, -1, -1, -1, -1, -1, -1, 1]) })
    expect(() => decodeMessage(forge(ref({ type: 'Uint8Array' }), new Uint8Array(2)))).toThrow(/malformed binary reference/)
    expect(() => decodeMessage(forge(ref({ packing: 'zip' }), new Uint8Array(2)))).toThrow(/malformed binary reference/)
    expect(() => decodeMessage(forge(ref({}), new Uint8Array(1)))).toThrow(/truncated/)
    expect(() => decodeMessage(forge(ref({}), Uint8Array.from([0, 0b10])))).toThrow(/padding bits set/)
    // A claim of 2^31 sites in a few bytes is refused from the header, before anything is allocated.
    expect(() => decodeMessage(forge(ref({ length: 2 ** 31 }), new Uint8Array(8)))).toThrow(/truncated/)
    expect(() => decodeMessage(forge(ref({ length: 2 ** 31 }), new Uint8Array(8)), { maxUnpackedBytes: 1024 * 1024 })).toThrow(
      'its packed spins would unpack to more than 1.0 MiB'
    )
    // The limit counts all the packed arrays of a message.
    const two = encodeMessage({ a: lattice(600), b: lattice(600) }, { packSpins: true })
    expect(() => decodeMessage(two, { maxUnpackedBytes: 1000 })).toThrow('its packed spins would unpack to more than 1,000 bytes') // a small limit in bytes, not "0.0 MiB"
    expect((decodeMessage(two, { maxUnpackedBytes: 1200 }) as { b: Int8Array }).b).toEqual(lattice(600))
  })
})
