// An uploaded IDX file as raw bytes, gunzipped as a stream when it is gzip: its header is read
// from the first bytes that come out, the file is refused by the size it declares before any
// of its data is held, and the output is cut off the moment it passes that size. A 1 MB gzip
// that inflates to gigabytes costs what its header says, at most `maxData` — never its own size.
// zlib inflates in libuv's thread pool; main only copies chunks into place.

import { createGunzip } from 'node:zlib'
import { LabError } from '../../shared/errors'
import { isGzip, readIdxHeader, type IdxHeader } from '../../engine/data/idx'

export interface InflatedIdx {
  /** The whole IDX file (header and data), as the pure parser reads it. */
  bytes: Uint8Array
  /** As sent: its size and whether it was gzip. */
  info: { bytes: number; gzip: boolean }
}

const fmt = (n: number): string => n.toLocaleString('en-US')
const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`
const INPUT_CHUNK = 1024 * 1024

/** Refuse a header whose data would not fit in `maxData` bytes. */
function checkDeclared(h: IdxHeader, what: string, maxData: number): void {
  if (h.total > maxData)
    throw new LabError(
      'invalid',
      `Not imported: the ${what} file declares ${h.dims.join('×')} = ${fmt(h.total)} bytes, more than the ${mib(maxData)} one dataset can hold.`
    )
}

const notIdx = (e: unknown): LabError => (e instanceof LabError ? e : new LabError('invalid', `Not imported: ${e instanceof Error ? e.message : String(e)}.`))

/** `label`: how the parser names the file ('image file'); `what`: how the form does ('images'). */
export async function inflateIdx(input: Uint8Array, what: 'images' | 'labels', maxData: number): Promise<InflatedIdx> {
  const label = what === 'images' ? 'image file' : 'label file'
  const info = { bytes: input.byteLength, gzip: isGzip(input) }
  if (!info.gzip) {
    // Raw: already all in memory (the transport bounds it); a bad header is the parser's to name.
    let header: IdxHeader | null = null
    try {
      header = readIdxHeader(input, label)
    } catch {
      // the parser says what is wrong, in full
    }
    if (header) checkDeclared(header, what, maxData)
    return { bytes: input, info }
  }
  return new Promise<InflatedIdx>((resolve, reject) => {
    const gunzip = createGunzip()
    let head: Uint8Array = new Uint8Array(0)
    let out: Uint8Array | null = null
    let header: IdxHeader | null = null
    let filled = 0
    let failed = false
    const fail = (e: LabError): void => {
      if (failed) return
      failed = true
      gunzip.destroy()
      reject(e)
    }
    gunzip.on('data', (chunk: Buffer) => {
      if (failed) return
      if (out === null) {
        const joined = new Uint8Array(head.length + chunk.length)
        joined.set(head)
        joined.set(chunk, head.length)
        try {
          header = readIdxHeader(joined, label)
        } catch (e) {
          return fail(notIdx(e))
        }
        if (header === null) {
          head = joined
          return
        }
        try {
          checkDeclared(header, what, maxData)
        } catch (e) {
          return fail(e as LabError)
        }
        out = new Uint8Array(header.headerBytes + header.total)
        chunk = Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength)
      }
      if (filled + chunk.length > out.length) {
        const h = header!
        return fail(new LabError('invalid', `Not imported: the ${what} file inflates to more than its header declares (${h.dims.join('×')} = ${fmt(h.total)} bytes of data).`))
      }
      out.set(chunk, filled)
      filled += chunk.length
    })
    gunzip.on('error', (e) => fail(new LabError('invalid', `Not imported: the ${what} file looks gzipped (starts with 1f 8b) but does not decompress: ${e.message}.`)))
    gunzip.on('end', () => {
      if (failed) return
      // Short of its header, or of its data: the parser says which, in its words.
      resolve({ bytes: out === null ? head : out.subarray(0, filled), info })
    })
    // Feed the input in slices, waiting when zlib's buffer is full, so output is checked as it comes.
    let offset = 0
    const feed = (): void => {
      while (!failed && offset < input.byteLength) {
        const slice = input.subarray(offset, Math.min(input.byteLength, offset + INPUT_CHUNK))
        offset += slice.byteLength
        if (!gunzip.write(slice)) return void gunzip.once('drain', feed)
      }
      if (!failed) gunzip.end()
    }
    feed()
  })
}
