// Writes the 8,000 binarized training digits of the lab (fixed split, threshold 128) as raw
// bytes, 784 per digit, for bench/reference/rbm_reference.py: the reference trains on exactly
// the lab's data. Usage: npx tsx bench/reference/exportDigits.ts /tmp/digits-bin.u8
import { binarizedTrainingDigits } from '../rbm.bench'
import { writeDigitsFile } from './pythonReference'

const out = process.argv[2] ?? '/tmp/digits-bin.u8'
const d = binarizedTrainingDigits()
writeDigitsFile(d, out)
console.log(`${d.n} digits × ${d.nv} pixels → ${out}`)
