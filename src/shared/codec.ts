// A binary-safe message encoding for the browser-mode WebSocket: JSON for the structure,
// typed arrays appended as raw bytes (8-byte aligned, so the receiver views them without a
// copy). Electron IPC needs none of this: structured clone carries typed arrays itself.
//
// Layout: u32 headerLength (LE) | header JSON (UTF-8) | padding to 8 | buffer 0 | pad | buffer 1 …
//
// Spins may travel one bit per site (packing 'spin-bits', shared/spinBits): the server packs the
// ±1 Int8 arrays it sends — live lattices are most of its bytes — and the receiver gets the
// Int8Array back, so nothing past the socket knows.

import type { TypedArray } from './types'
import { TYPED_ARRAYS as ctors, typedArrayName, type TypedArrayName } from './typedArrays'
import { packSpins, spinBitsBytes, unpackSpins } from './spinBits'

interface BinRef {
  $bin: number
  type: TypedArrayName
  length: number
  /** How the bytes hold the array; absent: as they are in memory. */
  packing?: 'spin-bits'
}

const align8 = (n: number): number => (n + 7) & ~7

/** Arrays shorter than this are sent as they are: packing them saves too little to matter. */
const PACK_MIN_SITES = 64

export interface EncodeOptions {
  /** Send Int8 arrays of ±1 one bit per site. */
  packSpins?: boolean
}

export function encodeMessage(value: unknown, options: EncodeOptions = {}): Uint8Array<ArrayBuffer> {
  const buffers: ArrayBufferView[] = []
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      const type = typedArrayName(v)
      if (!type) throw new Error(`cannot encode ${v.constructor.name}`)
      const length = (v as TypedArray).length
      const bits = options.packSpins && type === 'Int8Array' && length >= PACK_MIN_SITES ? packSpins(v as Int8Array) : null
      buffers.push(bits ?? v)
      const ref: BinRef = bits ? { $bin: buffers.length - 1, type, length, packing: 'spin-bits' } : { $bin: buffers.length - 1, type, length }
      return ref
    }
    return v
  })
  const header = new TextEncoder().encode(json)
  let size = align8(4 + header.length)
  const offsets = buffers.map((b) => {
    const at = size
    size = align8(size + b.byteLength)
    return at
  })
  const out = new Uint8Array(size)
  new DataView(out.buffer).setUint32(0, header.length, true)
  out.set(header, 4)
  buffers.forEach((b, i) => out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offsets[i]))
  return out
}

export interface DecodeLimits {
  /** Refuse a message whose JSON part is longer, before parsing it. */
  maxHeaderBytes?: number
  /** Refuse packed spins that would unpack to more bytes than this in all, before allocating them. */
  maxUnpackedBytes?: number
}

const mib = (n: number): string => (n < 64 * 1024 ? `${n.toLocaleString('en-US')} bytes` : `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`)

/** Decode a message; throws a plain Error with a clear reason on malformed input. */
export function decodeMessage(bytes: Uint8Array, limits: DecodeLimits = {}): unknown {
  if (bytes.byteLength < 4) throw new Error('message too short')
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true)
  if (4 + headerLength > bytes.byteLength) throw new Error('message header exceeds message')
  if (limits.maxHeaderBytes !== undefined && headerLength > limits.maxHeaderBytes)
    throw new Error(`its JSON part is ${mib(headerLength)}, more than ${mib(limits.maxHeaderBytes)}: large arrays must be sent as typed arrays`)
  const text = new TextDecoder('utf-8', { fatal: true })
  // Without binary parts a plain parse does: a reviver costs ~10× more per value.
  const plain = text.decode(bytes.subarray(4, 4 + headerLength))
  if (!plain.includes('"$bin"')) return JSON.parse(plain)
  // Views need 8-aligned offsets: a message at an unaligned offset is copied first (a
  // received message normally starts its own buffer, and is then viewed in place).
  let own = bytes
  if (bytes.byteOffset % 8 !== 0) {
    own = new Uint8Array(bytes.byteLength)
    own.set(bytes)
  }
  let cursor = align8(4 + headerLength)
  const refs: BinRef[] = []
  let unpackedBytes = 0
  const parsed: unknown = JSON.parse(plain, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$bin' in v) {
      const ref = v as BinRef
      if (!Number.isInteger(ref.$bin) || ref.$bin !== refs.length || !(ref.type in ctors) || !Number.isInteger(ref.length) || ref.length < 0)
        throw new Error('malformed binary reference')
      refs.push(ref)
      if (ref.packing !== undefined) {
        if (ref.packing !== 'spin-bits' || ref.type !== 'Int8Array') throw new Error('malformed binary reference')
        unpackedBytes += ref.length
        if (limits.maxUnpackedBytes !== undefined && unpackedBytes > limits.maxUnpackedBytes)
          throw new Error(`its packed spins would unpack to more than ${mib(limits.maxUnpackedBytes)}`)
        const byteLength = spinBitsBytes(ref.length)
        if (cursor + byteLength > own.byteLength) throw new Error('binary payload truncated')
        const spins = unpackSpins(own.subarray(cursor, cursor + byteLength), ref.length)
        cursor = align8(cursor + byteLength)
        return spins
      }
      const Ctor = ctors[ref.type]
      const byteLength = ref.length * Ctor.BYTES_PER_ELEMENT
      if (cursor + byteLength > own.byteLength) throw new Error('binary payload truncated')
      const view = new Ctor(own.buffer as ArrayBuffer, own.byteOffset + cursor, ref.length)
      cursor = align8(cursor + byteLength)
      return view
    }
    return v
  })
  return parsed
}
