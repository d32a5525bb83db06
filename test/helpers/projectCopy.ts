// A throwaway copy of parts of this project (node_modules linked, not copied), for tests that
// plant a violation and run one of the project's checks over it; and planting helpers.

import { spawnSync } from 'node:child_process'
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const projectRoot = join(__dirname, '..', '..')

export function copyProject(dir: string, parts: readonly string[]): void {
  for (const p of parts) cpSync(join(projectRoot, p), join(dir, p), { recursive: true })
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
}

/** Put `code` at the top of the instance <script> of a copied component. */
export function plantInScript(file: string, code: string): void {
  const text = readFileSync(file, 'utf8')
  const open = '<script lang="ts">'
  if (!text.includes(open)) throw new Error(`${file} has no ${open}`)
  writeFileSync(file, text.replace(open, `${open}\n${code}\n`))
}

/** `npm run <script> -- args` in `cwd`: exit status and everything printed. */
export function npmRun(cwd: string, script: string, ...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('npm', ['run', '--silent', script, '--', ...args], { cwd, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, output: `${r.stdout}${r.stderr}` }
}
