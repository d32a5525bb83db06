// PNG and JPEG sizes read from their headers, before decoding: against the bundled cat (a
// real PNG of 451×300) and hand-built files whose every byte is stated here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readBytesHeader, readImageHeader } from '../../../src/renderer/lib/imageHeader'

const be16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff]
const be32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
/** A JPEG segment: FF marker, length (2 + payload), payload. */
const segment = (marker: number, payload: number[]): number[] => [0xff, marker, ...be16(payload.length + 2), ...payload]
const sof = (marker: number, height: number, width: number): number[] => segment(marker, [8, ...be16(height), ...be16(width), 1, 1, 0x11, 0])

describe('readImageHeader', () => {
  it('reads the bundled cat photograph: a PNG of 451×300', async () => {
    const cat = new Uint8Array(readFileSync(join(__dirname, '..', '..', '..', 'resources', 'images', 'cat-chelsea.png')))
    expect(await readBytesHeader(cat)).toEqual({ format: 'png', width: 451, height: 300 })
  })

  it('reads the size a PNG declares without any image data (a 33-byte file can claim 16384×16384)', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...be32(13), 0x49, 0x48, 0x44, 0x52, ...be32(16384), ...be32(16384), 8, 6, 0, 0, 0, 0, 0, 0, 0])
    expect(await readBytesHeader(png)).toEqual({ format: 'png', width: 16384, height: 16384 })
  })

  it('walks JPEG segments to the frame header, skipping a 60 kB APP1 without reading it', async () => {
    const jpeg = Uint8Array.from([
      0xff, 0xd8,
      ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // APP0 JFIF
      ...segment(0xe1, new Array(60000).fill(7)), // APP1 (e.g. Exif)
      0xff, // a fill byte before the next marker
      ...segment(0xdb, new Array(65).fill(1)), // DQT
      ...segment(0xc4, new Array(20).fill(0)), // DHT: not a frame header despite C4
      ...sof(0xc2, 3000, 4000), // progressive frame: height 3000, width 4000
      ...segment(0xda, [1, 1, 0, 0, 63, 0]) // SOS
    ])
    let bytesRead = 0
    const header = await readImageHeader(async (offset, length) => {
      const part = jpeg.subarray(offset, offset + length)
      bytesRead += part.length
      return part
    })
    expect(header).toEqual({ format: 'jpeg', width: 4000, height: 3000 })
    expect(bytesRead).toBeLessThan(100)
  })

  it('refuses what it cannot size: another format, a scan before any frame header, a truncated file', async () => {
    await expect(readBytesHeader(new TextEncoder().encode('GIF89a…'))).rejects.toThrow('it is not a PNG or JPEG image')
    await expect(readBytesHeader(Uint8Array.from([0xff, 0xd8, ...segment(0xda, [0, 0, 0])]))).rejects.toThrow('it is a JPEG without a readable frame header (SOF)')
    await expect(readBytesHeader(Uint8Array.from([0xff, 0xd8, ...segment(0xe0, [1, 2, 3]).slice(0, 3)]))).rejects.toThrow(/without a readable frame header/)
    await expect(readBytesHeader(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).rejects.toThrow('it is a PNG without a readable header (IHDR)')
  })
})
