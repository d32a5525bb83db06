// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic number
// 0x00 0x00 <type> <ndims>, then ndims big-endian u32 sizes, then the data. Images are
// 0x00000803 (ubyte, 3 dims: count × rows × cols), labels 0x00000801 (ubyte, 1 dim).
// Parsing is pure: the caller reads the file, and gunzips it first if needed (main uses
// node:zlib); a gzip file is recognised by its own magic and refused with that advice.

import { checkImages, type LabeledImages } from './images'

export const IDX_IMAGES_MAGIC = 0x00000803
export const IDX_LABELS_MAGIC = 0x00000801
const UBYTE = 0x08

/** Gzip streams start with 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

export interface IdxArray {
  magic: number
  dims: number[]
  data: Uint8Array
}

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0')

export interface IdxHeader {
  magic: number
  dims: number[]
  /** Bytes of the header: 4 + 4·ndims. */
  headerBytes: number
  /** Data bytes the dims declare. */
  total: number
}

/**
 * The header at the start of an unsigned-byte IDX file, read before any of its data: a
 * streaming reader learns from it how much data to expect (and may refuse it by that size).
 * Null when `bytes` is too short to hold the whole header; throws when it is not an IDX header.
 */
export function readIdxHeader(bytes: Uint8Array, what = 'IDX file'): IdxHeader | null {
  if (bytes.length < 4) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magic = view.getUint32(0, false)
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new Error(`${what} is not an IDX file: magic number ${hex(magic)} does not start with two zero bytes`)
  if (bytes[2] !== UBYTE) throw new Error(`${what} has IDX data type 0x${bytes[2].toString(16).padStart(2, '0')}; only unsigned bytes (0x08) are supported`)
  const ndims = bytes[3]
  if (ndims < 1) throw new Error(`${what} declares 0 dimensions (magic ${hex(magic)})`)
  const headerBytes = 4 + 4 * ndims
  if (bytes.length < headerBytes) return null
  const dims: number[] = []
  let total = 1
  for (let d = 0; d < ndims; d++) {
    const n = view.getUint32(4 + 4 * d, false)
    if (n === 0) throw new Error(`${what} has a zero dimension (dims ${[...dims, n].join('×')})`)
    dims.push(n)
    total *= n
  }
  return { magic, dims, headerBytes, total }
}

/** Parse an unsigned-byte IDX file of any rank; `what` names the file in error messages. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): IdxArray {
  if (isGzip(bytes))
    throw new Error(`${what} is gzip-compressed (starts with 1f 8b): decompress it first (e.g. gunzip, or node:zlib gunzipSync) and import the result`)
  if (bytes.length < 4) throw new Error(`${what} is truncated: ${bytes.length} bytes, not even the 4-byte magic number`)
  const header = readIdxHeader(bytes, what)
  if (header === null) throw new Error(`${what} is truncated: ${bytes.length} bytes, its header alone needs ${4 + 4 * bytes[3]}`)
  const { magic, dims, headerBytes, total } = header
  if (total > 2 ** 31) throw new Error(`${what} declares ${total} values (dims ${dims.join('×')}), more than this importer holds`)
  const have = bytes.length - headerBytes
  if (have < total) throw new Error(`${what} is truncated: dims ${dims.join('×')} need ${total} data bytes, the file has ${have}`)
  if (have > total) throw new Error(`${what} has ${have - total} bytes after its ${dims.join('×')} data: not a well-formed IDX file`)
  return { magic, dims, data: bytes.subarray(headerBytes) }
}

export interface IdxImages {
  count: number
  rows: number
  cols: number
  pixels: Uint8Array
}

/** An IDX image file (magic 0x00000803): count × rows × cols unsigned bytes. */
export function parseIdxImages(bytes: Uint8Array): IdxImages {
  const a = parseIdx(bytes, 'image file')
  if (a.magic !== IDX_IMAGES_MAGIC) {
    const hint = a.magic === IDX_LABELS_MAGIC ? ' (this is a label file)' : ''
    throw new Error(`image file has magic number ${hex(a.magic)}, expected ${hex(IDX_IMAGES_MAGIC)}${hint}`)
  }
  const [count, rows, cols] = a.dims
  if (rows > 1024 || cols > 1024) throw new Error(`image file declares ${rows}×${cols} images: bad dimensions (at most 1024×1024)`)
  return { count, rows, cols, pixels: a.data }
}

/** An IDX label file (magic 0x00000801): one unsigned byte per item. */
export function parseIdxLabels(bytes: Uint8Array): Uint8Array {
  const a = parseIdx(bytes, 'label file')
  if (a.magic !== IDX_LABELS_MAGIC) {
    const hint = a.magic === IDX_IMAGES_MAGIC ? ' (this is an image file)' : ''
    throw new Error(`label file has magic number ${hex(a.magic)}, expected ${hex(IDX_LABELS_MAGIC)}${hint}`)
  }
  return a.data
}

/** Images and labels together, checked to match; classes = largest label + 1 unless given. */
export function idxDataset(imageBytes: Uint8Array, labelBytes: Uint8Array, classes?: number): LabeledImages {
  const img = parseIdxImages(imageBytes)
  const labels = parseIdxLabels(labelBytes)
  if (labels.length !== img.count)
    throw new Error(`label count mismatch: the label file has ${labels.length} labels, the image file ${img.count} images`)
  let max = 0
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i]
  return checkImages({ ...img, labels, classes: classes ?? max + 1 })
}

/** Write an unsigned-byte IDX file (the inverse of parseIdx). */
export function writeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const total = dims.reduce((a, b) => a * b, 1)
  if (data.length !== total) throw new Error(`IDX data has ${data.length} bytes, dims ${dims.join('×')} need ${total}`)
  if (dims.length < 1 || dims.length > 255) throw new Error('IDX needs 1..255 dimensions')
  const out = new Uint8Array(4 + 4 * dims.length + total)
  const view = new DataView(out.buffer)
  out[2] = UBYTE
  out[3] = dims.length
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  out.set(data, 4 + 4 * dims.length)
  return out
}

export function writeIdxImages(d: { count: number; rows: number; cols: number; pixels: Uint8Array }): Uint8Array {
  return writeIdx([d.count, d.rows, d.cols], d.pixels)
}

export function writeIdxLabels(labels: Uint8Array): Uint8Array {
  return writeIdx([labels.length], labels)
}
