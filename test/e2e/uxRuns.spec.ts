// Forms and views that agree with the run on screen (issue 13, the Medium items), in the browser
// against the real lab service: the live controls' history kept and the current values shown
// after a reload; a run opened from Runs loads its params into the form; a dead lab service is
// said to be unreachable and its runs end when they last stored something; a training stopped
// early says so; the tabs show their last run after a reload.

import Database from 'better-sqlite3'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab(undefined, ['--workers', '1'])
})
test.afterAll(async () => {
  await lab.stop()
})

async function open(page: Page, panel: string): Promise<void> {
  await page.goto(lab.url)
  await page.getByTestId(`nav-${panel}`).click()
}

const historyRows = (page: Page) => page.getByTestId('ising-control-history').locator('tbody tr')

test('Medium 4: the live controls are kept as the run’s history; after a reload the controls show what the lattice runs at now', async ({ page }) => {
  await open(page, 'ising')
  await page.getByTestId('ising-L').selectOption('32')
  await page.getByTestId('ising-temperature').fill('2')
  await page.getByTestId('ising-start').click()
  await expect(historyRows(page)).toHaveCount(1)
  await expect(historyRows(page).first()).toContainText('2.000')
  await page.getByTestId('ising-temperature').fill('3.5')
  await expect(historyRows(page)).toHaveCount(2)
  await page.getByTestId('ising-temperature').fill('1')
  await expect(historyRows(page)).toHaveCount(3)
  // Newest first: 1, 3.5, 2.
  await expect(historyRows(page).nth(0)).toContainText('1.000')
  await expect(historyRows(page).nth(1)).toContainText('3.500')

  await page.reload()
  await page.getByTestId('nav-ising').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'running')
  // The slider and the readout say T = 1, the value the lattice runs at (not the start value 2).
  await expect(page.getByTestId('ising-temperature')).toHaveValue('1')
  await expect(page.getByTestId('ising-T')).toContainText('1.000')
  await expect(historyRows(page)).toHaveCount(3)

  // Kept: Runs shows T as the value at the start, and the series T as its history.
  await page.getByTestId('ising-keep').click()
  await expect(page.getByTestId('ising-kept')).toBeVisible()
  await page.getByTestId('ising-reset').click()
  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-row').filter({ hasText: 'ising.live' }).first().click()
  const params = page.getByTestId('run-detail').locator('table.kv').first()
  await expect(params.locator('tr', { hasText: /^T/ })).toContainText('at start')
  await expect(params.locator('tr', { hasText: /^T/ })).toContainText('2')
  await page.getByTestId('nav-ising').click()
})

test('Medium 9: a training opened from Runs loads its params into the builder', async ({ page }) => {
  test.setTimeout(180_000)
  await open(page, 'network')
  await page.getByTestId('network-preset').selectOption('paper-appendix')
  await page.getByTestId('network-epochs').fill('1')
  await page.getByTestId('network-train').click()
  await expect(page.getByTestId('network-run')).toHaveAttribute('data-status', 'done', { timeout: 120_000 })
  // The builder moves on to another network…
  await page.getByTestId('network-preset').selectOption('modern-mlp')
  await expect(page.getByTestId('network-layer').nth(1)).toHaveValue('128')
  // …and opening the stored run brings its own back.
  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-row').filter({ hasText: 'network.train' }).first().click()
  await page.getByTestId('run-open-network').click()
  await expect(page.getByTestId('network-layer').nth(1)).toHaveValue('100')
  await expect(page.getByTestId('network-epochs')).toHaveValue('1')
  await expect(page.getByTestId('network-preset')).toHaveValue('paper-appendix')
})

test('Medium 12: "Stop and keep" on a CNN says it stopped early, here and in Runs', async ({ page }) => {
  test.setTimeout(180_000)
  await open(page, 'cnn')
  await page.getByTestId('cnn-tab-train').click()
  await page.getByTestId('train-epochs').fill('4')
  await page.getByTestId('train-size').fill('640')
  await page.getByTestId('train-eval-every').fill('2')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-status')).toContainText('epoch 2/4', { timeout: 120_000 })
  await page.getByTestId('train-stop').click()
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  const text = (await page.getByTestId('train-status').textContent())!
  const done = text.match(/stopped by you after (\d) of 4 epochs/)?.[1]
  expect(['1', '2']).toContain(done)
  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-row').filter({ hasText: 'cnn.train' }).first().click()
  await expect(page.getByTestId('cnn-run-stopped')).toHaveText(`Stopped by you after ${done} of 4 epochs`)
})

test('Medium 11 and the tabs’ last run: a dead service is unreachable (controls off, no time left); its run ends when it last stored something', async ({ page }) => {
  test.setTimeout(180_000)
  await open(page, 'ising')
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-sizes').fill('16')
  await page.getByTestId('sweep-points').fill('1')
  await page.getByTestId('sweep-meas').fill('100000000')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-eta')).toBeVisible({ timeout: 30_000 })
  const runId = Number((await page.getByTestId('sweep-status').textContent())!.match(/#(\d+)/)![1])

  const killedAt = Date.now()
  await lab.quit('SIGKILL')
  const banner = page.getByTestId('disconnected-banner')
  await expect(banner).toContainText('The lab service is unreachable')
  await expect(banner).not.toContainText('keep running')
  await expect(page.getByTestId('sweep-cancel')).toBeDisabled()
  await expect(page.getByTestId('sweep-pause')).toBeDisabled()
  await expect(page.getByTestId('sweep-start')).toBeDisabled()
  await expect(page.getByTestId('sweep-eta')).toHaveCount(0)
  await expect(page.getByTestId('sweep-status')).toContainText('unknown while the lab service is unreachable')

  // A while later the lab is started again on the same folder (another port).
  await page.waitForTimeout(1500)
  const restartedAt = Date.now()
  const dataDir = lab.dataDir
  lab = await startLab(dataDir, ['--workers', '1'])
  const db = new Database(join(dataDir, 'physml.db'), { readonly: true })
  const row = db.prepare('SELECT status, created_at, finished_at FROM runs WHERE id = ?').get(runId) as { status: string; created_at: string; finished_at: string }
  db.close()
  expect(row.status).toBe('interrupted')
  const finished = Date.parse(row.finished_at)
  expect(finished).toBeGreaterThanOrEqual(Date.parse(row.created_at))
  expect(finished).toBeLessThanOrEqual(killedAt)
  expect(finished).toBeLessThan(restartedAt)

  // The Sweep tab shows its last run again, as it ended.
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  await expect(page.getByTestId('ising-tab-sweep')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('sweep-status')).toContainText(`Run #${runId} interrupted`)
  await expect(page.getByTestId('disconnected-banner')).toHaveCount(0)
  await expect(page.getByTestId('sweep-start')).toBeEnabled()
})
