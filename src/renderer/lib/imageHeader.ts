// The pixel size of a PNG or JPEG, read from its header before anything decodes it: a small
// file can declare a 16384×16384 picture, which the browser would expand to a gigabyte of
// RGBA before our size check saw it. Reads only a few bytes per JPEG segment, through `read`.
//
//   PNG:  8-byte signature, then the IHDR chunk: length, "IHDR", width (u32 BE), height (u32 BE).
//   JPEG: FF D8, then segments FF <marker> <u16 BE length incl. itself> …; the frame header
//         SOFn (C0–CF but C4 DHT, C8 JPG, CC DAC) holds precision, height (u16), width (u16).

export type ReadBytes = (offset: number, length: number) => Promise<Uint8Array>

export interface ImageHeader {
  format: 'png' | 'jpeg'
  width: number
  height: number
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Segments walked at most before giving up on a JPEG (real files have a dozen or two). */
const MAX_JPEG_SEGMENTS = 4096

const u16 = (b: Uint8Array, i: number): number => (b[i] << 8) | b[i + 1]
const u32 = (b: Uint8Array, i: number): number => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

/** The format and size a PNG or JPEG declares; throws a sentence for anything else. */
export async function readImageHeader(read: ReadBytes): Promise<ImageHeader> {
  const start = await read(0, 32)
  if (PNG_SIGNATURE.every((v, i) => start[i] === v)) {
    if (start.length < 24 || String.fromCharCode(...start.subarray(12, 16)) !== 'IHDR') throw new Error('it is a PNG without a readable header (IHDR)')
    return { format: 'png', width: u32(start, 16), height: u32(start, 20) }
  }
  if (start[0] === 0xff && start[1] === 0xd8) return jpegSize(read)
  throw new Error('it is not a PNG or JPEG image')
}

async function jpegSize(read: ReadBytes): Promise<ImageHeader> {
  let pos = 2
  for (let n = 0; n < MAX_JPEG_SEGMENTS; n++) {
    const b = await read(pos, 9)
    if (b.length < 2 || b[0] !== 0xff) break
    const marker = b[1]
    if (marker === 0xff) {
      pos += 1 // fill byte before a marker
      continue
    }
    if (marker === 0xd9 || marker === 0xda) break // end of image, or the scan: no frame header before it
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2 // markers without a length
      continue
    }
    if (b.length < 4) break
    if (isSof(marker)) {
      if (b.length < 9) break
      return { format: 'jpeg', width: u16(b, 7), height: u16(b, 5) }
    }
    pos += 2 + u16(b, 2)
  }
  throw new Error('it is a JPEG without a readable frame header (SOF)')
}

/** `readImageHeader` over a File or Blob: only the bytes it needs are read. */
export function readBlobHeader(blob: Blob): Promise<ImageHeader> {
  return readImageHeader(async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()))
}

/** `readImageHeader` over bytes in memory (tests, fetched files). */
export function readBytesHeader(bytes: Uint8Array): Promise<ImageHeader> {
  return readImageHeader(async (offset, length) => bytes.subarray(offset, offset + length))
}
