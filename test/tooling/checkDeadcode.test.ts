// `npm run check:deadcode` over a copy of the project with planted dead code: an unused export
// and a file nobody imports are reported, and nothing else is (the rest is today's real code).
// A component that uses an export behind a "/*" in a comment counts as a user: knip's own
// reading of .svelte files would lose that import (scripts/svelte-as-ts.ts).

import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyProject, npmRun, plantInScript } from '../helpers/projectCopy'
import { tempDir } from '../helpers/tempDir'

const tmp = tempDir('physml-deadcode-test-')
afterAll(() => tmp.remove())

let result: { status: number | null; output: string }

beforeAll(() => {
  copyProject(tmp.dir, [
    'src', 'test', 'bench', 'scripts', 'bin', 'package.json', '.gitignore', 'knip.config.ts', '.dependency-cruiser.cjs',
    'tsconfig.json', 'tsconfig.engine.json', 'tsconfig.web.json', 'electron.vite.config.ts', 'vitest.config.mts',
    'playwright.config.ts', 'playwright.screens.config.ts'
  ])
  appendFileSync(join(tmp.dir, 'src/engine/rng.ts'), '\nexport const plantedUnused = 1\nexport const plantedUsedBySvelte = 2\n')
  writeFileSync(join(tmp.dir, 'src/engine/plantedOrphan.ts'), 'export const orphan = 3\n')
  plantInScript(
    join(tmp.dir, 'src/renderer/App.svelte'),
    "  // panels/* come later\n  import { plantedUsedBySvelte } from '../engine/rng'\n  /** read below */\n  console.log(plantedUsedBySvelte)"
  )
  result = npmRun(tmp.dir, 'check:deadcode')
})

describe('npm run check:deadcode on a planted copy', () => {
  it('fails', () => {
    expect(result.status, result.output).toBe(1)
  })

  it('reports the planted unused export and file, and nothing else', () => {
    const findings = result.output
      .split('\n')
      .filter((l) => l.trim() && !/^Unused \w+( \w+)? \(\d+\)$/.test(l.trim()))
      .map((l) => l.trim().split(/\s+/).filter((w) => !/^(function|type|class|interface)$/.test(w)))
    expect(findings).toEqual([['src/engine/plantedOrphan.ts'], ['plantedUnused', expect.stringMatching(/^src\/engine\/rng\.ts:\d+:\d+$/)]])
    expect(result.output).toMatch(/Unused files \(1\)\n\s*src\/engine\/plantedOrphan\.ts/)
    expect(result.output).toMatch(/Unused exports \(1\)\n\s*plantedUnused\s/)
  })
})
