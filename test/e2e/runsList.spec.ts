// The Runs list and Rename as a user reads them (issue 13, the Low items), in the browser
// against the real lab service, on a history made by the command line: a scratch run's badge
// stands apart from its name; a paused live run is listed as paused; a CNN architecture reads as
// its layers, not JSON; the Inspect chooser says a run's date once; Rename refuses an empty or an
// over-long name with a message and keeps the old one; long names end in an ellipsis with the
// whole name in a title, and the list and the open run stay readable at 1024×700 and 1920×1080.

import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'

const bin = join(__dirname, '..', '..', 'bin', 'physml.js')
const tinyCnn = {
  architecture: [
    { type: 'conv', filters: 2, kernel: 4, stride: 4 },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', units: 10 }
  ],
  epochs: 1,
  trainSize: 64,
  batchSize: 32,
  evalEvery: 0
}
const LONG = 'Metropolis sweep near the critical temperature with a rather long descriptive name that goes on and on'

let lab: RunningLab
test.beforeAll(async () => {
  test.setTimeout(180_000)
  const data = mkdtempSync(join(tmpdir(), 'physml-e2e-runs-'))
  const physml = (...args: string[]): void => void execFileSync(process.execPath, [bin, ...args, '--data', data], { stdio: 'pipe' })
  physml('run', 'cnn.train', '--params', JSON.stringify(tinyCnn), '--seed', '1') // a default name, which carries its date
  physml('run', 'cnn.train', '--params', JSON.stringify(tinyCnn), '--seed', '2', '--name', 'tiny conv')
  physml('run', 'ising.hysteresis', '--params', JSON.stringify({ L: 8, T: 1.5, Bmax: 1, steps: 3, equilibrationSweeps: 5, measurementSweeps: 10 }), '--seed', '3', '--name', LONG)
  lab = await startLab(data)
})
test.afterAll(async () => {
  await lab.stop()
})

const rows = (page: Page) => page.getByTestId('runs-row')
const row = (page: Page, text: string) => rows(page).filter({ hasText: text })

async function openRuns(page: Page): Promise<void> {
  await page.goto(lab.url)
  await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear())
  await page.getByTestId('nav-runs').click()
}

/** Whether the element's text is cut (ellipsis) rather than shown whole. */
const isCut = (l: Locator): Promise<boolean> => l.evaluate((e) => e.scrollWidth > e.clientWidth)

test('a paused live run is listed as paused, its scratch badge apart from its name', async ({ page }) => {
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-start').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'running')
  await page.getByTestId('ising-pause').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')

  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-include-scratch').check()
  const live = row(page, 'ising.live')
  await expect(live.getByTestId('runs-row-status')).toHaveText('paused')
  const name = live.getByTestId('runs-row-name')
  const badge = live.getByTestId('runs-row-scratch')
  await expect(badge).toHaveText('scratch')
  await expect(name).not.toContainText('scratch')
  const [n, b] = [(await name.boundingBox())!, (await badge.boundingBox())!]
  expect(b.x - (n.x + n.width)).toBeGreaterThanOrEqual(3)
  await live.click()
  await expect(page.getByTestId('run-detail').getByTestId('run-status')).toHaveText('paused')

  // Resumed, it is running again; the stored status never said otherwise.
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-pause').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'running')
  await page.getByTestId('nav-runs').click()
  await expect(live.getByTestId('runs-row-status')).toHaveText('running')
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-reset').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'idle')
})

test('an architecture reads as its layers; the Inspect chooser says a run’s date once', async ({ page }) => {
  await openRuns(page)
  await row(page, 'tiny conv').click()
  const params = page.getByTestId('run-detail').locator('table.kv').first()
  const arch = params.locator('tr', { hasText: /^architecture/ }).locator('td')
  await expect(arch).toHaveText('conv 2 × 4×4 stride 4 → ReLU → dense 10')

  await page.getByTestId('nav-cnn').click()
  await page.getByTestId('cnn-tab-inspect').click()
  const options = page.getByTestId('inspect-run').locator('option')
  await expect(options).toHaveCount(2)
  for (const text of await options.allTextContents()) expect(text.match(/\d{4}-\d{2}-\d{2}/g)).toHaveLength(1)
  await expect(options.filter({ hasText: 'tiny conv' })).toHaveText(/^#2 tiny conv \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$/)
  await expect(options.filter({ hasText: /^#1 / })).toHaveText(/^#1 \S.* \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
})

test('Rename refuses an empty or an over-long name and keeps the old one; a long name ends in an ellipsis', async ({ page }) => {
  await openRuns(page)
  await row(page, 'tiny conv').click()
  const detail = page.getByTestId('run-detail')
  const problem = detail.getByTestId('run-rename-problem')

  await detail.getByTestId('run-rename').click()
  await detail.getByTestId('run-rename-input').fill('   ')
  await detail.getByTestId('run-rename-input').press('Enter')
  await expect(problem).toHaveText('A run needs a name: type one, or Cancel to keep the old name.')
  await expect(detail.getByTestId('run-rename-input')).toHaveAttribute('aria-invalid', 'true')
  // Typing a name clears the message; 500 characters are refused, not cut to fit behind the user's back.
  await detail.getByTestId('run-rename-input').fill('x')
  await expect(problem).toHaveCount(0)
  await detail.getByTestId('run-rename-input').fill('y'.repeat(500))
  await detail.getByTestId('run-rename-save').click()
  await expect(problem).toHaveText('A name has at most 200 characters; this one has 500. Shorten it, or Cancel to keep the old name.')
  await expect(detail.getByTestId('run-rename-input')).toHaveValue('y'.repeat(500))
  await detail.getByRole('button', { name: 'Cancel' }).click()
  await expect(detail.getByTestId('run-name')).toHaveText('tiny conv')
  await page.reload()
  await expect(page.getByTestId('run-detail').getByTestId('run-name')).toHaveText('tiny conv')

  // 200 characters are a name: the header keeps one line and ends in an ellipsis, the whole name in its title.
  const longest = `${'a long name '.repeat(16)}`.slice(0, 199) + 'Z'
  await detail.getByTestId('run-rename').click()
  await detail.getByTestId('run-rename-input').fill(longest)
  await detail.getByTestId('run-rename-input').press('Enter')
  await expect(detail.getByTestId('run-name')).toHaveText(longest)
  const header = detail.locator('h2')
  await expect(header).toHaveAttribute('title', longest)
  expect(await isCut(detail.getByTestId('run-name'))).toBe(true)
  const line = (await detail.getByTestId('run-name').boundingBox())!.height
  expect((await header.boundingBox())!.height).toBeLessThan(1.5 * line)
  const label = row(page, 'a long name').getByTestId('runs-row-name')
  await expect(label).toHaveAttribute('title', longest)
  expect(await isCut(label)).toBe(true)
})

for (const [width, height] of [
  [1024, 700],
  [1920, 1080]
] as const) {
  test(`at ${width}×${height} the list and an open run are both readable`, async ({ page }) => {
    await page.setViewportSize({ width, height })
    await openRuns(page)
    const list = page.locator('table[aria-label="Stored runs"]')
    // Nothing hides past the window's edge, alone or beside an open run: no sideways scrolling of the list or the page.
    const fits = async (): Promise<void> => {
      await expect(rows(page).first()).toBeVisible()
      const box = (await list.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(width)
      expect(await list.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBeLessThanOrEqual(0)
    }
    await fits()
    await row(page, LONG).click()
    const detail = page.getByTestId('run-detail')
    await expect(detail.getByTestId('run-name')).toBeVisible()
    await fits()
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    const detailBox = (await detail.boundingBox())!
    expect(detailBox.x + detailBox.width).toBeLessThanOrEqual(width)
    // Every name shows a readable start (or all of it), with the whole in a title; the date each run started is shown.
    for (const r of await rows(page).all()) {
      const label = r.getByTestId('runs-row-name')
      expect((await label.boundingBox())!.width).toBeGreaterThanOrEqual(Math.min(120, await label.evaluate((e) => e.scrollWidth)))
      await expect(label).toHaveAttribute('title', /.+/)
      await expect(r.getByTestId('runs-row-started')).toBeVisible()
      await expect(r.getByTestId('runs-row-started')).toHaveText(/\d{2}:\d{2}/)
    }
  })
}
