// Decoding an image (the bundled cat, a user's PNG or JPEG) into a grey working map, in the
// renderer. Its size is read from its header first (imageHeader.ts) and a picture too large
// is refused before the browser decodes it; then the browser decodes (createImageBitmap, off
// the main thread); the grey conversion and the area-average shrinking are cnnImage.ts's
// stated rules. Every failure is an Error with a sentence the panel shows; the caller keeps
// its current image.

import type { Map2d } from '../../engine/cnn/handFilters'
import { areaResize, imageSizeProblem, rgbaToGrey, workingSize } from './cnnImage'
import { readBlobHeader } from './imageHeader'

/** Files above this size are refused before decoding (a 4096×4096 PNG is far smaller). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024

/** Refuse, by what its header declares, a picture that is not a PNG/JPEG or is too large to decode. */
async function checkHeader(name: string, blob: Blob): Promise<void> {
  let size: { width: number; height: number }
  try {
    size = await readBlobHeader(blob)
  } catch (e) {
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`)
  }
  const problem = imageSizeProblem(size.width, size.height)
  if (problem) throw new Error(`${name}: ${problem}`)
}

export interface DecodedImage {
  name: string
  /** Size of the original picture. */
  originalW: number
  originalH: number
  /** The grey working map (longer side ≤ 512). */
  map: Map2d
}

async function fromBitmap(name: string, bitmap: ImageBitmap): Promise<DecodedImage> {
  try {
    const problem = imageSizeProblem(bitmap.width, bitmap.height)
    if (problem) throw new Error(`${name}: ${problem}`)
    const { width: w, height: h } = bitmap
    const canvas = new OffscreenCanvas(w, h)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('this browser gives no 2D canvas to read the pixels')
    ctx.drawImage(bitmap, 0, 0)
    const rgba = ctx.getImageData(0, 0, w, h).data
    const grey: Map2d = { w, h, data: rgbaToGrey(rgba, w, h) }
    const size = workingSize(w, h)
    // Yield once so a big picture's conversion and shrinking do not run in one long task.
    await new Promise((r) => setTimeout(r, 0))
    return { name, originalW: w, originalH: h, map: areaResize(grey, size.w, size.h) }
  } finally {
    bitmap.close()
  }
}

/** A file the user chose or dropped. Empty, not PNG/JPEG, undecodable or too big: a clear Error. */
export async function decodeImageFile(file: File): Promise<DecodedImage> {
  if (file.size === 0) throw new Error(`${file.name} is empty (0 bytes)`)
  if (file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MB; the largest accepted file is ${MAX_FILE_BYTES / 2 ** 20} MB`)
  // What the bytes are, not what the name's extension says.
  await checkHeader(file.name, file)
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new Error(`${file.name} is not a readable PNG or JPEG image (the browser could not decode it)`)
  }
  return fromBitmap(file.name, bitmap)
}

/** An image shipped with the renderer (the cat), by URL: served by browser mode, or by app:// in Electron. */
export async function decodeImageUrl(name: string, url: string): Promise<DecodedImage> {
  let blob: Blob
  try {
    const res = await fetch(url)
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`)
    blob = await res.blob()
  } catch (e) {
    throw new Error(`could not load ${name}: ${e instanceof Error ? e.message : String(e)}`)
  }
  await checkHeader(name, blob)
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(blob)
  } catch {
    throw new Error(`${name} is not a readable PNG or JPEG image (the browser could not decode it)`)
  }
  return fromBitmap(name, bitmap)
}
