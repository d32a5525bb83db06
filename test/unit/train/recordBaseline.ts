// Writes baseline.json: run once, on the commit named in baseline.ts, before a change to the
// training loops; the test then holds every later version to it.
import { writeFileSync } from 'node:fs'
import { BASELINE_CASES, BASELINE_FILE, runBaselineCase } from './baseline'

const out: Record<string, unknown> = {}
for (const [name, c] of Object.entries(BASELINE_CASES)) out[name] = runBaselineCase(c)
writeFileSync(BASELINE_FILE, JSON.stringify(out, null, 1) + '\n')
