// npm run check:layers [-- ROOT]: the layering rules of .dependency-cruiser.cjs over ROOT/src
// (default: this project), then tsc over the engine without DOM or Node types, so the engine
// can use neither `document` nor `process`. Exit code 1 on any violation.
//
// dependency-cruiser reads a .svelte file through svelte's compiler, whose output has lost the
// type-only imports; so it cruises a copy of src in which every component is replaced by
// the TypeScript it shows other modules (scripts/svelte-as-ts.ts), as Name.svelte.ts — the
// name that an import of './Name.svelte' resolves to.

import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { svelteAsTypeScript } from './svelte-as-ts'

const project = join(__dirname, '..')
const root = process.argv[2] ?? project

/** Copy root/src into dir/src, components as TypeScript; returns the components' paths. */
function mirror(dir: string): Set<string> {
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true, filter: (f) => !f.endsWith('.svelte') })
  const components = new Set<string>()
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.svelte')) continue
    const rel = join('src', entry)
    if (existsSync(join(root, `${rel}.ts`))) throw new Error(`${rel} and ${rel}.ts both exist: rename one (an import of the component would be ambiguous)`)
    writeFileSync(join(dir, `${rel}.ts`), svelteAsTypeScript(readFileSync(join(root, rel), 'utf8'), rel))
    components.add(rel)
  }
  return components
}

async function cruiseLayers(): Promise<boolean> {
  // dependency-cruiser is ESM with top-level await: import() it, not require.
  const { cruise } = await import('dependency-cruiser')
  const { default: extractOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options')
  const options = await extractOptions(join(project, '.dependency-cruiser.cjs'))
  const dir = mkdtempSync(join(tmpdir(), 'physml-layers-'))
  try {
    const components = mirror(dir)
    const { output, exitCode } = await cruise(['src'], { ...options, baseDir: dir, validate: true, outputType: 'err-long' })
    const text = String(output).replace(/(src\/\S+\.svelte)\.ts\b/g, (m, rel: string) => (components.has(rel) ? rel : m))
    process.stdout.write(text)
    return exitCode === 0
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function engineGlobals(): boolean {
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc')
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tsconfig.engine.json')], { cwd: root, encoding: 'utf8' })
  if (r.status === 0) return true
  process.stdout.write(r.stdout + r.stderr)
  process.stdout.write(
    `\n  error engine-uses-no-dom-or-node-globals: tsc -p ${relative(project, join(root, 'tsconfig.engine.json')) || 'tsconfig.engine.json'} failed above.\n` +
      '    src/engine runs in workers, tests and the page alike: it compiles with the ES library only, no DOM and no Node types.\n\n'
  )
  return false
}

async function main(): Promise<void> {
  const layered = await cruiseLayers()
  const pure = engineGlobals()
  if (layered && pure) console.log('check:layers: the layering rules hold (.dependency-cruiser.cjs, tsconfig.engine.json)')
  else process.exitCode = 1
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
})
