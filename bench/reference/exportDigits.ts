// Writes the 8,000 binarized training digits of the lab (fixed split, threshold 128) as raw
// bytes, 784 per digit, for bench/reference/rbm_reference.py: the reference trains on exactly
// the lab's data. Usage: npx tsx bench/reference/exportDigits.ts /tmp/digits-bin.u8
import { writeFileSync } from 'node:fs'
import { binarizedTrainingDigits } from '../rbm.bench'

const out = process.argv[2] ?? '/tmp/digits-bin.u8'
const d = binarizedTrainingDigits()
writeFileSync(out, Uint8Array.from(d.V))
console.log(`${d.n} digits × ${d.nv} pixels → ${out}`)
