// The bundled MNIST digits for the tests that need them. resources/mnist/digits.bin is made by
// `npm run prepare` (npm install and npm ci run it); on a clone where it was not made, those
// tests fail with the command that makes it instead of skipping.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeDigits } from '../../src/engine/data/digits'
import type { LabeledImages } from '../../src/engine/data/images'

export const DIGITS_FILE = join(__dirname, '..', '..', 'resources', 'mnist', 'digits.bin')

export function digitsBytes(file = DIGITS_FILE): Uint8Array {
  if (!existsSync(file)) throw new Error(`${file} is missing: make it with \`npm run prepare\` (or \`npx tsx scripts/build-mnist.ts\`)`)
  return new Uint8Array(readFileSync(file))
}

export const bundledDigits = (file = DIGITS_FILE): LabeledImages => decodeDigits(digitsBytes(file))
