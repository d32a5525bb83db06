// `npm run check:layers` over a copy of src with one planted import per rule: each is reported
// under its rule's name, and nothing else is (the rest of the copy is today's real code).

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyProject, npmRun, plantInScript, projectRoot } from '../helpers/projectCopy'
import { tempDir } from '../helpers/tempDir'

const tmp = tempDir('physml-layers-test-')
afterAll(() => tmp.remove())

const plant = (rel: string, code: string): void => writeFileSync(join(tmp.dir, rel), code)

/** rule → the planted dependency it must name (from → to, as dependency-cruiser prints it). */
const PLANTED: Record<string, string> = {
  'engine-imports-only-engine': 'src/engine/planted.ts → fs',
  'shared-imports-no-layer': 'src/shared/planted.ts → src/engine/rng.ts',
  // a type-only import in a component: svelte's compiler alone would have dropped it
  'renderer-imports-no-main': 'src/renderer/App.svelte → src/main/jobs/pool.ts',
  'renderer-engine-allowlist': 'src/renderer/lib/planted.ts → src/engine/ising/metropolis.ts',
  'renderer-imports-no-node': 'src/renderer/lib/plantedNode.ts → path',
  'main-imports-no-renderer': 'src/main/planted.ts → src/renderer/lib/format.ts',
  'preload-imports-only-shared': 'src/preload/planted.ts → src/main/app/paths.ts',
  'shared-imports-no-node': 'src/shared/plantedNode.ts → fs'
}

let result: { status: number | null; output: string }

beforeAll(() => {
  copyProject(tmp.dir, ['src', 'tsconfig.json', 'tsconfig.engine.json'])
  plant('src/engine/planted.ts', "import { readFileSync } from 'node:fs'\nexport const title = (): string => document.title + String(readFileSync)\n")
  plant('src/shared/planted.ts', "import type { Rng } from '../engine/rng'\nexport type SharedRng = Rng\n")
  plant('src/shared/plantedNode.ts', "import { readFileSync } from 'fs'\nexport const read = readFileSync\n")
  plantInScript(join(tmp.dir, 'src/renderer/App.svelte'), "  import type { WorkerPool } from '../main/jobs/pool'")
  plant('src/renderer/lib/planted.ts', "import * as m from '../../engine/ising/metropolis'\nexport const engineLoop = m\n")
  plant('src/renderer/lib/plantedNode.ts', "import { join } from 'node:path'\nexport const j = join\n")
  plant('src/main/planted.ts', "import { fmtInt } from '../renderer/lib/format'\nexport const f = fmtInt\n")
  plant('src/preload/planted.ts', "import { resourcesDir } from '../main/app/paths'\nexport const r = resourcesDir\n")
  result = npmRun(projectRoot, 'check:layers', tmp.dir)
})

describe('npm run check:layers on a planted copy', () => {
  it('fails', () => {
    expect(result.status, result.output).toBe(1)
  })

  it('names the rule and the dependency of every planted import, and reports nothing else', () => {
    const found = [...result.output.matchAll(/^\s*error ([\w-]+): (\S+ → \S+)$/gm)].map((m) => `${m[1]}: ${m[2]}`)
    expect(found.sort()).toEqual(Object.entries(PLANTED).map(([rule, dep]) => `${rule}: ${dep}`).sort())
  })

  it('refuses DOM globals in the engine through tsc without DOM or Node types', () => {
    expect(result.output).toMatch(/src\/engine\/planted\.ts\(2,\d+\): error TS\d+: Cannot find name 'document'/)
    expect(result.output).toMatch(/error engine-uses-no-dom-or-node-globals: tsc -p .*tsconfig\.engine\.json failed above/)
    expect(result.output).not.toMatch(/src\/engine\/(?!planted\.ts)\S+\.ts\(\d+,\d+\): error/)
  })
})
