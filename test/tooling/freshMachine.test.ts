// What a fresh machine without the generated digits or without any Chromium sees: one message
// saying what to run, not skipped suites or a stack trace per end-to-end test.

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NO_CHROMIUM } from '../e2e/browser'
import { bundledDigits, DIGITS_FILE } from '../helpers/bundledDigits'
import { projectRoot } from '../helpers/projectCopy'
import { tempDir } from '../helpers/tempDir'

const playwright = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000
  })

describe('on a fresh machine', () => {
  it('a test that needs the bundled digits and does not find them names the command that makes them', () => {
    const tmp = tempDir()
    try {
      expect(() => bundledDigits(join(tmp.dir, 'digits.bin'))).toThrow(/digits\.bin is missing: make it with `npm run prepare` \(or `npx tsx scripts\/build-mnist\.ts`\)/)
    } finally {
      tmp.remove()
    }
    expect(bundledDigits(DIGITS_FILE).count).toBe(10000)
  })

  it('without a Chromium, the end-to-end run stops with one line saying how to get one', () => {
    const r = playwright({ PHYSML_CHROMIUM: '/nonexistent/chromium' })
    expect(r.status).toBe(1)
    expect(`${r.stdout}${r.stderr}`.trim()).toBe(NO_CHROMIUM)
    expect(NO_CHROMIUM).toContain('npx playwright install chromium')
    expect(NO_CHROMIUM).toContain('apt-get install chromium')
  })

  it('with a browser where PHYSML_CHROMIUM points, the same run goes on', () => {
    // --list starts no browser: any existing file stands in for one
    const r = playwright({ PHYSML_CHROMIUM: process.execPath }, '--list')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Total: \d+ tests? in \d+ files?/)
  })
})
