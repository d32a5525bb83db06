// Where the worker script is. Built (electron-vite, CommonJS): out/main/worker.js, next to
// the code that imports the pool, or one folder up when that code sits in a shared chunk
// (out/main/chunks/). From TypeScript sources (vitest, tsx): src/main/jobs/worker.ts, run
// with tsx's CommonJS hook (`--import tsx` does not work for Node 20 workers).

import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface WorkerEntry {
  path: string
  execArgv: string[]
}

/** The execArgv a worker script needs: tsx's CommonJS hook for a .ts script, nothing for .js. */
export function execArgvFor(path: string): string[] {
  return /\.[cm]?ts$/.test(path) ? ['--require', 'tsx/cjs'] : []
}

export function resolveWorkerEntry(here: string = __filename): WorkerEntry {
  return resolveWorkerScript(here, 'worker')
}

/** A worker script `name` beside `here` (name.ts from sources, name.js — or ../name.js from a chunk — when built). */
export function resolveWorkerScript(here: string, name: string, sourceDir: string = dirname(here)): WorkerEntry {
  const dir = dirname(here)
  if (/\.[cm]?ts$/.test(here)) {
    const path = join(sourceDir, `${name}.ts`)
    return { path, execArgv: execArgvFor(path) }
  }
  const candidates = [join(dir, `${name}.js`), join(dir, '..', `${name}.js`)]
  const path = candidates.find((p) => existsSync(p))
  if (path === undefined) throw new Error(`worker script not found: looked for ${candidates.join(' and ')}`)
  return { path, execArgv: [] }
}
