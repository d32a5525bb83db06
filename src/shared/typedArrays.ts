// The typed arrays that cross process boundaries and live in the store, by name.

export const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array
} as const

export type TypedArrayName = keyof typeof TYPED_ARRAYS

/** The name of a supported typed array's constructor, or null (DataView, BigInt64Array, Uint16Array…). */
export function typedArrayName(v: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(v)) return null
  // The tag, not instanceof: arrays from another realm (a vm context, a worker's clone) carry the same tag.
  const tag = (v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag]
  return tag !== undefined && Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, tag) ? (tag as TypedArrayName) : null
}
