// A binary-safe message encoding for the browser-mode WebSocket: JSON for the structure,
// typed arrays appended as raw bytes (8-byte aligned, so the receiver views them without a
// copy). Electron IPC needs none of this: structured clone carries typed arrays itself.
//
// Layout: u32 headerLength (LE) | header JSON (UTF-8) | padding to 8 | buffer 0 | pad | buffer 1 …

import type { TypedArray } from './types'
import { TYPED_ARRAYS as ctors, typedArrayName, type TypedArrayName } from './typedArrays'

interface BinRef {
  $bin: number
  type: TypedArrayName
  length: number
}

const align8 = (n: number): number => (n + 7) & ~7

export function encodeMessage(value: unknown): Uint8Array<ArrayBuffer> {
  const buffers: TypedArray[] = []
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      const type = typedArrayName(v)
      if (!type) throw new Error(`cannot encode ${v.constructor.name}`)
      buffers.push(v as TypedArray)
      const ref: BinRef = { $bin: buffers.length - 1, type, length: (v as TypedArray).length }
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
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`

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
  const parsed: unknown = JSON.parse(plain, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$bin' in v) {
      const ref = v as BinRef
      if (!Number.isInteger(ref.$bin) || ref.$bin !== refs.length || !(ref.type in ctors) || !Number.isInteger(ref.length) || ref.length < 0)
        throw new Error('malformed binary reference')
      refs.push(ref)
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
