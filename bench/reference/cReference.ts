// C references for side-by-side benches: a program in bench/reference/<name>.c is compiled on
// first use with the system `gcc -O3 -march=native` into the temp folder (keyed by a hash of
// the source, so an edit recompiles) and run as a child process that prints one JSON object.
// Without gcc the reference reports itself unavailable and the bench runs alone, with a note.
// Never part of npm test.

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchReference } from '../harness'

export const C_FLAGS = ['-O3', '-march=native']

let gccMissing: string | null | undefined

function gccProblem(): string | null {
  if (gccMissing === undefined) {
    const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' })
    gccMissing = r.error || r.status !== 0 ? 'gcc not found' : null
  }
  return gccMissing
}

/** Path of the compiled program, compiling it if needed. */
function binary(name: string): string {
  const source = join(__dirname, `${name}.c`)
  const hash = createHash('sha256').update(readFileSync(source)).update(C_FLAGS.join(' ')).digest('hex').slice(0, 12)
  const dir = join(tmpdir(), 'physml-bench-c')
  const out = join(dir, `${name}-${hash}`)
  if (existsSync(out)) return out
  mkdirSync(dir, { recursive: true })
  const r = spawnSync('gcc', [...C_FLAGS, '-o', out, source, '-lm'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`gcc failed on ${name}.c:\n${r.stderr}`)
  return out
}

/** Run bench/reference/<name>.c with `args`; returns its JSON output. */
export function runC(name: string, args: (string | number)[]): Record<string, number> {
  const r = spawnSync(binary(name), args.map(String), { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${r.stderr || r.error}`)
  return JSON.parse(r.stdout) as Record<string, number>
}

/**
 * A bench reference backed by a C program that prints `{ …, [key]: count, cpuSeconds }`:
 * the reference figure is count per CPU second.
 */
export function cReference(label: string, name: string, args: (string | number)[], key: string): BenchReference {
  const missing = gccProblem()
  return {
    label: `${label} (gcc ${C_FLAGS.join(' ')})`,
    ...(missing ? { unavailable: missing } : {}),
    measure: () => {
      const out = runC(name, args)
      return out[key] / out.cpuSeconds
    }
  }
}
