// Data the app ships, loaded where the engine runs (in the worker), once per worker.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { decodeDigits, digitsHeader, DIGITS_HEADER_BYTES } from '../../engine/data/digits'
import type { ImageSetShape, LabeledImages } from '../../engine/data/images'
import { resourcesDir } from '../app/paths'

let digits: LabeledImages | null = null
let shape: ImageSetShape | null = null

const digitsFile = (): string => join(resourcesDir(), 'mnist', 'digits.bin')
const missing = (file: string): Error => new Error(`the bundled MNIST digits are missing (${file}): run \`npx tsx scripts/build-mnist.ts\``)

/** The 10,000 MNIST digits of resources/mnist/digits.bin (built by scripts/build-mnist.ts). */
export function bundledDigits(): LabeledImages {
  if (!digits) {
    const file = digitsFile()
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch {
      throw missing(file)
    }
    digits = decodeDigits(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  }
  return digits
}

/** How many digits of which size the bundled file holds, from its header alone (for memory estimates in main). */
export function bundledDigitsShape(): ImageSetShape {
  if (!shape) {
    const file = digitsFile()
    const head = new Uint8Array(DIGITS_HEADER_BYTES)
    let fd: number
    try {
      fd = openSync(file, 'r')
    } catch {
      throw missing(file)
    }
    try {
      readSync(fd, head, 0, DIGITS_HEADER_BYTES, 0)
    } finally {
      closeSync(fd)
    }
    shape = digitsHeader(head)
  }
  return shape
}

/** A training job's inputs with the bundled digits as its dataset unless main loaded an imported one. */
export function withBundledDigits<I extends { dataset?: LabeledImages }>(init: I): I & { dataset: LabeledImages } {
  return { ...init, dataset: init.dataset ?? bundledDigits() }
}
