// Python references for side-by-side benches: bench/reference/rbm_reference.py run with the
// system /usr/bin/python3 (NumPy, scikit-learn) as a child process per repeat, which prints
// {"cpuSeconds", "wallSeconds"} for one epoch after its own warm-up epoch. It trains on the
// lab's own binarized digits, written to the temp folder under
// a hash of their bytes. Without python3, NumPy or
// scikit-learn the reference reports itself unavailable and the bench runs alone, with a note.
// Never part of npm test.

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchReference } from '../harness'
import type { RbmRows } from '../../src/engine/rbm/validate'

const PYTHON = '/usr/bin/python3'
const SCRIPT = join(__dirname, 'rbm_reference.py')
const ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }

let missing: string | null | undefined

function pythonProblem(): string | null {
  if (missing === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import numpy, sklearn'], { encoding: 'utf8', env: ENV })
    missing = r.error ? `${PYTHON} not found` : r.status !== 0 ? 'python3 lacks numpy or scikit-learn' : null
  }
  return missing
}

/** The rows as raw bytes (784 per digit) where rbm_reference.py reads them. */
export function writeDigitsFile(d: RbmRows, file: string): void {
  writeFileSync(file, Uint8Array.from(d.V))
}

/**
 * A reference that runs one epoch of rbm_reference.py's `epoch` ('sklearn64' or 'numpy100')
 * on the rows of `digits()`, in process CPU seconds.
 */
export function rbmPythonReference(label: string, epoch: 'sklearn64' | 'numpy100', digits: () => RbmRows): BenchReference {
  const problem = pythonProblem()
  let file: string | null = null
  return {
    label: `${label} (${PYTHON}, one thread)`,
    ...(problem ? { unavailable: problem } : {}),
    measure: () => {
      if (!file) {
        const d = digits()
        const dir = join(tmpdir(), 'physml-bench-rbm')
        mkdirSync(dir, { recursive: true })
        file = join(dir, `digits-${createHash('sha256').update(d.V).digest('hex').slice(0, 12)}.u8`)
        if (!existsSync(file)) writeDigitsFile(d, file)
      }
      const r = spawnSync(PYTHON, [SCRIPT, file, '--epoch', epoch], { encoding: 'utf8', env: ENV })
      if (r.status !== 0) throw new Error(`rbm_reference.py --epoch ${epoch} failed: ${r.stderr || r.error}`)
      return (JSON.parse(r.stdout) as { cpuSeconds: number }).cpuSeconds
    }
  }
}
