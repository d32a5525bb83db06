// The run history end to end (issue 14's acceptance): three sweeps and a hysteresis loop
// made in the Ising panel, two sweeps compared (both curves drawn, differing params
// highlighted), one tagged and noted and found again by its tag and by a word of its note,
// rerun with the same seed (the same final metrics), exported as a bundle, deleted, imported
// back with its curves and artifacts; a corrupted bundle dropped on the panel is refused and
// nothing is imported.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { dropFile } from './dropFile'
import { startLab, type RunningLab } from './lab'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

async function sweep(page: Page, name: string, algorithm: 'metropolis' | 'heatbath' | 'wolff', seed: number): Promise<void> {
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-sizes').fill('4')
  await page.getByTestId('sweep-tmin').fill('2')
  await page.getByTestId('sweep-tmax').fill('3')
  await page.getByTestId('sweep-points').fill('3')
  await page.getByTestId('sweep-eq').fill('50')
  await page.getByTestId('sweep-meas').fill('400')
  await page.getByTestId(`sweep-algo-${algorithm}`).check()
  await page.getByTestId('sweep-seed').fill(String(seed))
  await page.getByTestId('sweep-name').fill(name)
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  await expect(page.getByTestId('sweep-status')).toContainText('done')
}

const rows = (page: Page) => page.getByTestId('runs-row')
const row = (page: Page, name: string) => rows(page).filter({ hasText: name })

test('compare, tag, note, find, rerun, export, delete, import; a corrupted bundle changes nothing', async ({ page }) => {
  test.setTimeout(240_000)
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  await sweep(page, 'sweep Metropolis', 'metropolis', 1)
  await sweep(page, 'sweep heat-bath', 'heatbath', 2)
  await sweep(page, 'sweep Wolff', 'wolff', 3)
  await page.getByTestId('ising-tab-hysteresis').click()
  await page.getByTestId('hyst-L').fill('8')
  await page.getByTestId('hyst-steps').fill('5')
  await page.getByTestId('hyst-eq').fill('10')
  await page.getByTestId('hyst-meas').fill('20')
  await page.getByTestId('hyst-name').fill('loop')
  await page.getByTestId('hyst-start').click()
  await expect(page.getByTestId('hyst-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })

  await page.getByTestId('nav-runs').click()
  await expect(rows(page)).toHaveCount(4)
  await expect(page.getByTestId('runs-storage')).toContainText('4 runs')
  // The whole file checked on demand (SQLite integrity_check through app.checkDatabase).
  await page.getByTestId('runs-check').click()
  await expect(page.getByTestId('runs-check-ok')).toHaveText('The database is whole.')
  await expect(page.getByTestId('runs-check-ok')).toHaveAttribute('title', /physml\.db$/)
  await expect(page.getByTestId('runs-check-damaged')).toHaveCount(0)

  // Compare two sweeps: both curves drawn against T, the algorithm highlighted as the param that differs.
  await row(page, 'sweep Metropolis').getByTestId('runs-select').check()
  await row(page, 'sweep Wolff').getByTestId('runs-select').check()
  await expect(page.getByTestId('runs-selection')).toContainText('2 selected')
  await page.getByTestId('runs-compare').click()
  const compare = page.getByTestId('run-compare')
  await expect(compare).toContainText('against T, one curve per L')
  const chart = compare.getByTestId('compare-chart').getByRole('img')
  await expect.poll(async () => (await chart.getAttribute('aria-label')) ?? '').toMatch(/sweep Metropolis · L = 4 = -?[\d.]+ .*sweep Wolff · L = 4 = -?[\d.]+/)
  const differs = compare.getByTestId('compare-param-differs')
  await expect(differs).toHaveCount(1)
  await expect(differs).toContainText('algorithm')
  await expect(differs).toContainText('metropolis')
  await expect(differs).toContainText('wolff')
  // A toggle hides a run's curves.
  await compare.getByTestId('compare-toggle').first().uncheck()
  await expect.poll(async () => (await chart.getAttribute('aria-label')) ?? '').not.toContain('sweep Metropolis')
  await page.getByTestId('runs-clear-selection').click()

  // Tag one, write a note.
  await row(page, 'sweep heat-bath').click()
  const detail = page.getByTestId('run-detail')
  await detail.getByTestId('run-tag-input').fill('critical')
  await detail.getByTestId('run-tag-input').press('Enter')
  await expect(detail.getByTestId('run-tag')).toHaveText(['critical×'])
  await detail.getByTestId('run-note').fill('The Binder crossing sits close to Onsager here.')
  await detail.getByTestId('run-note').blur()
  await expect(detail).toContainText('saved')

  // Find it by its tag, then by a word of its note.
  await page.getByTestId('runs-filter-tag').fill('crit')
  await page.getByTestId('runs-filter-tag').press('Enter') // the typed text is the tag: 'crit' finds nothing
  await expect(page.getByTestId('runs-empty')).toContainText('No run matches these filters.')
  await page.getByTestId('runs-clear-filters').click()
  await page.getByTestId('runs-filter-tag').fill('critical')
  await page.getByTestId('runs-filter-tag').press('Enter')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page)).toContainText('sweep heat-bath')
  await page.getByTestId('runs-clear-filters').click()
  await expect(rows(page)).toHaveCount(4)
  await page.getByTestId('runs-search').fill('onsag')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page)).toContainText('sweep heat-bath')
  await page.getByTestId('runs-search').fill('')
  await expect(rows(page)).toHaveCount(4)

  // Rerun it with the same seed: the new run opens, and ends with the same final metrics.
  await row(page, 'sweep heat-bath').first().click()
  await expect(detail.getByTestId('run-seed')).toHaveText('2')
  await detail.getByTestId('run-again-now').click()
  await expect(row(page, 'sweep heat-bath (again)')).toHaveCount(1)
  await expect(detail).toContainText('A rerun of run #2.')
  await expect(row(page, 'sweep heat-bath (again)').locator('.badge')).toHaveText('done', { timeout: 60_000 })
  await row(page, 'sweep heat-bath').nth(0).getByTestId('runs-select').check()
  await row(page, 'sweep heat-bath').nth(1).getByTestId('runs-select').check()
  await page.getByTestId('runs-compare').click()
  const metrics = compare.getByTestId('compare-metrics').locator('tbody tr')
  await expect(metrics.first()).toBeVisible()
  const table = await Promise.all((await metrics.all()).map((tr) => tr.locator('td').allTextContents()))
  expect(table.length).toBeGreaterThan(10)
  for (const [a, b] of table) expect(b).toBe(a)
  await expect(compare.getByTestId('compare-param-differs')).toHaveCount(0)
  await page.getByTestId('runs-clear-selection').click()

  // Export it as a bundle, delete it.
  await row(page, 'sweep heat-bath').filter({ hasNotText: 'again' }).click()
  const download = page.waitForEvent('download')
  await detail.getByTestId('run-export-bundle').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('run-2-sweep-heat-bath.physml')
  const bundle = join(lab.dataDir, '..', `e2e-${Date.now()}.physml`)
  writeFileSync(bundle, readFileSync(await file.path()))
  await detail.getByTestId('run-delete').click()
  await page.getByTestId('run-delete-confirm').click()
  await expect(rows(page)).toHaveCount(4)
  await expect(row(page, 'sweep heat-bath').filter({ hasNotText: 'again' })).toHaveCount(0)

  // A corrupted copy dropped on the panel (one letter of the note changed, as a disk or a
  // hand might): SQLite still reads it, the checksum does not match; refused, nothing imported.
  const bad = Buffer.from(readFileSync(bundle))
  const at = bad.indexOf('Onsager here')
  expect(at).toBeGreaterThan(0)
  bad[at + 5] = 'o'.charCodeAt(0)
  await dropFile(page.getByTestId('runs-panel'), 'damaged.physml', bad)
  await expect(page.getByTestId('runs-import-dialog')).toContainText('Import 1 file')
  await page.getByTestId('runs-import-go').click()
  await expect(page.getByTestId('error-banner')).toContainText('Import failed')
  await expect(page.getByTestId('error-banner')).toContainText('“damaged.physml” is damaged: its content does not match its checksum')
  await expect(page.getByTestId('runs-import-note')).toHaveText(/Nothing was imported\./)
  await expect(rows(page)).toHaveCount(4)
  await page.getByRole('button', { name: 'Dismiss this error' }).click()

  // The bundle itself, from the Import button: the run is back with its curves, artifacts, tag and note.
  await page.getByTestId('runs-import-file').setInputFiles(bundle)
  await page.getByTestId('runs-import-go').click()
  await expect(page.getByTestId('runs-import-note')).toHaveText(/Imported 1 run from 1 file\./)
  await expect(rows(page)).toHaveCount(5)
  await expect(detail).toContainText('sweep heat-bath')
  await expect(detail.getByTestId('run-origin')).toContainText('where it was run #2')
  await expect(detail.getByTestId('sweep-view')).toHaveAttribute('data-points', '3')
  await expect(detail.getByTestId('sweep-final-lattice')).toHaveAttribute('data-width', '4')
  await expect(detail.getByTestId('run-tag')).toHaveText(['critical×'])
  await expect(detail.getByTestId('run-note')).toHaveValue('The Binder crossing sits close to Onsager here.')

  // What the user set survives a reload: the filters and the open run.
  await page.getByTestId('runs-search').fill('binder')
  await expect(rows(page)).toHaveCount(1)
  await page.reload()
  await expect(page.getByTestId('runs-search')).toHaveValue('binder')
  await expect(rows(page)).toHaveCount(1)
  await expect(page.getByTestId('run-detail')).toContainText('sweep heat-bath')
})

test('a run opens in its panel with its params and seed', async ({ page }) => {
  await page.goto(lab.url)
  // the first test's filters
  await page.evaluate(() => (globalThis as unknown as { localStorage: { removeItem(k: string): void } }).localStorage.removeItem('physml.runs.view'))
  await page.getByTestId('nav-runs').click()
  await row(page, 'sweep Wolff').click()
  await page.getByTestId('run-again-panel').click()
  await expect(page.getByTestId('ising-tab-sweep')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('sweep-seed')).toHaveValue('3')
  await expect(page.getByTestId('sweep-algo-wolff')).toBeChecked()
  await expect(page.getByTestId('sweep-points')).toHaveValue('3')
  await expect(page.getByTestId('sweep-meas')).toHaveValue('400')
})
