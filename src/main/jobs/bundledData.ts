// Data the app ships, loaded where the engine runs (in the worker), once per worker.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeDigits } from '../../engine/data/digits'
import type { LabeledImages } from '../../engine/data/images'
import { resourcesDir } from '../app/paths'

let digits: LabeledImages | null = null

/** The 10,000 MNIST digits of resources/mnist/digits.bin (built by scripts/build-mnist.ts). */
export function bundledDigits(): LabeledImages {
  if (!digits) {
    const file = join(resourcesDir(), 'mnist', 'digits.bin')
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch {
      throw new Error(`the bundled MNIST digits are missing (${file}): run \`npx tsx scripts/build-mnist.ts\``)
    }
    digits = decodeDigits(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  }
  return digits
}

/** A training job's inputs with the bundled digits as its dataset unless main loaded an imported one. */
export function withBundledDigits<I extends { dataset?: LabeledImages }>(init: I): I & { dataset: LabeledImages } {
  return { ...init, dataset: init.dataset ?? bundledDigits() }
}
