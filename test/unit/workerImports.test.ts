// What a worker thread loads: the engine functions of the kinds and what binds them, never
// the run store, the lab service or a transport (a binding's prepare() reads the store only
// through the client main hands it). Walks the value imports (type-only imports are erased)
// from the worker's entry with TypeScript's own parser.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The specifiers a file imports for their values. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022)
  const out: string[] = []
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      if (clause?.isTypeOnly) continue
      const named = clause?.namedBindings
      const onlyTypes = clause !== undefined && !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)
      if (!onlyTypes) out.push((node.moduleSpecifier as ts.StringLiteral).text)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      out.push((node.moduleSpecifier as ts.StringLiteral).text)
    }
  }
  return out
}

/** Every project file and package the entry loads, as paths relative to the root or package names. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>()
  const todo = [resolve(root, entry)]
  while (todo.length > 0) {
    const file = todo.pop() as string
    const key = relative(root, file)
    if (seen.has(key)) continue
    seen.add(key)
    for (const spec of valueImports(file)) {
      if (!spec.startsWith('.')) {
        seen.add(spec)
        continue
      }
      const base = resolve(dirname(file), spec)
      const found = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f))
      if (found === undefined) throw new Error(`${key} imports ${spec}, which is not a .ts file`)
      todo.push(found)
    }
  }
  return seen
}

describe('the worker thread', () => {
  const loaded = [...reachable('src/main/jobs/worker.ts')]

  it('loads every binding and the engine functions they bind', () => {
    expect(loaded).toContain('src/main/jobs/bindings/index.ts')
    expect(loaded).toContain('src/engine/ising/sweepPoint.ts')
    expect(loaded).toContain('src/engine/cnn/cnnTrainJob.ts')
  })

  it('never loads the store, the service, a transport or Electron', () => {
    const forbidden = loaded.filter((m) => /^src\/main\/(store|service|browser|electron|cli|app\/createLab)|^(better-sqlite3|electron|ws)$/.test(m))
    expect(forbidden).toEqual([])
  })
})
