import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

async function openSweepTab(page: Page): Promise<void> {
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-tab-sweep').click()
  await expect(page.getByTestId('sweep-sizes')).toBeVisible()
}

test('the Ising tabs work from the keyboard', async ({ page }) => {
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  const live = page.getByTestId('ising-tab-live')
  await expect(live).toHaveAttribute('aria-selected', 'true')
  await live.focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('ising-tab-sweep')).toBeFocused()
  await expect(page.getByTestId('ising-tab-sweep')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tabpanel')).toContainText('Sizes L')
  await page.keyboard.press('End')
  await expect(page.getByTestId('ising-tab-datasets')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('ising-tab-live')).toHaveAttribute('aria-selected', 'true')
  // Space belongs to the live lattice only on its own tab.
  await page.getByTestId('ising-tab-meanfield').click()
  await page.locator('body').press('Space')
  await page.getByTestId('ising-tab-live').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'idle')
})

/** The sentence LineChart puts on its chart box: the newest value of every curve. */
async function chartLabel(page: Page, testid: string): Promise<string> {
  return (await page.getByTestId(testid).getByRole('img').getAttribute('aria-label')) ?? ''
}

test('bad input is refused with a clear message before anything runs', async ({ page }) => {
  await openSweepTab(page)
  await page.getByTestId('sweep-tmin').fill('3')
  await page.getByTestId('sweep-tmax').fill('2')
  await expect(page.getByTestId('sweep-range-issues')).toContainText('empty or reversed')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-issues')).toContainText('empty or reversed')
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'idle')

  // Wolff with a field: the message sits under B.
  await page.getByTestId('sweep-tmin').fill('2')
  await page.getByTestId('sweep-tmax').fill('3')
  await expect(page.getByTestId('sweep-range-issues')).toHaveCount(0)
  await page.getByTestId('sweep-algo-wolff').check()
  await page.getByTestId('sweep-B').fill('0.5')
  await expect(page.getByTestId('sweep-B-issues')).toContainText('Wolff cluster updates need B = 0')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'idle')

  // More than 1,000 points.
  await page.getByTestId('sweep-algo-metropolis').check()
  await page.getByTestId('sweep-B').fill('0')
  await page.getByTestId('sweep-points').fill('1001')
  await expect(page.getByTestId('sweep-points-issues')).toContainText('1,000')

  // Nothing was stored.
  await page.getByTestId('nav-runs').click()
  await expect(page.getByText('No stored runs yet')).toBeVisible()
})

test('a small sweep fills the charts live and reopens from Runs exactly as it was', async ({ page }) => {
  await openSweepTab(page)
  await page.getByTestId('sweep-sizes').fill('8, 16')
  await page.getByTestId('sweep-tmin').fill('1.8')
  await page.getByTestId('sweep-tmax').fill('2.8')
  await page.getByTestId('sweep-points').fill('6')
  await page.getByTestId('sweep-eq').fill('200')
  await page.getByTestId('sweep-meas').fill('3000')
  await page.getByTestId('sweep-seed').fill('11')
  await page.getByTestId('sweep-name').fill('e2e sweep')
  await page.getByTestId('sweep-start').click()

  const view = page.getByTestId('sweep-view').first()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  await expect(page.getByTestId('sweep-status')).toContainText('done')
  await expect(view).toHaveAttribute('data-points', '12')
  await expect(page.getByTestId('sweep-count')).toHaveText('12 of 12 points')

  // Every chart holds the points of both sizes (its accessible label names the newest value of each curve).
  for (const id of ['energy', 'absm', 'chi', 'heat', 'binder', 'tau']) {
    await expect.poll(() => chartLabel(page, `sweep-chart-${id}`)).toMatch(/L = 8 = -?[\d.]+(e-?\d+)? at T = 2\.8.*L = 16 = -?[\d.]+(e-?\d+)? at T = 2\.8/)
  }
  await expect.poll(() => chartLabel(page, 'sweep-chart-absm')).toContain('Onsager m(T)')
  await expect(page.getByTestId('sweep-onsager')).toContainText('2.26919')
  // The stored samples are reweighted once the sweep ends: the crossing is then the reweighted one.
  await expect(page.getByTestId('sweep-analysis')).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
  await expect(page.getByTestId('sweep-binder')).toContainText('(reweighted)')
  await expect(page.getByTestId('sweep-xi-tc')).toHaveText(/^2\.\d+ ± 0\.\d+$/)
  await expect(page.getByTestId('sweep-fss')).toBeVisible()
  await expect(page.getByTestId('fss-gamma')).toHaveText(/^\d\.\d+ ± \d\.\d+$/)
  // G(r) and the histograms of the chosen point
  await expect(page.getByTestId('sweep-chart-G')).toBeVisible()
  await expect(page.getByTestId('sweep-chart-hist-m')).toBeVisible()
  const tc = page.getByTestId('sweep-binder-tc')
  await expect(tc).toHaveText(/^2\.\d+ ± 0\.\d+$/)
  const binderLive = await page.getByTestId('sweep-binder').textContent()
  const absmLive = await chartLabel(page, 'sweep-chart-absm')
  // The final lattice of a finished point loads.
  await expect(page.getByTestId('sweep-final-lattice')).toHaveAttribute('data-width', '16')

  // CSV: one row per (T, L) with every observable and its error; each chart as PNG.
  const csvDownload = page.waitForEvent('download')
  await page.getByTestId('sweep-export-csv').click()
  const csv = await csvDownload
  expect(csv.suggestedFilename()).toBe('e2e_sweep-run1.csv')
  const text = readFileSync(await csv.path(), 'utf8').trim().split('\n')
  expect(text[0]).toBe(
    'L,T,e,eErr,m,mErr,absM,absMErr,m2,m2Err,m4,m4Err,chi,chiErr,C,CErr,U4,U4Err,xi,xiErr,tauIntAbsM,tauIntE,' +
      'eConverged,mConverged,absMConverged,m2Converged,m4Converged,chiConverged,CConverged,U4Converged,xiConverged,tunnellings,tunnellingFlag,swapUp,roundTripTime'
  )
  expect(text).toHaveLength(13)
  // every column filled but the two of replica exchange, which this sweep did not use
  expect(text.slice(1).every((l) => l.split(',').length === 35 && !l.split(',').slice(0, 33).includes(''))).toBe(true)
  const pngDownload = page.waitForEvent('download')
  await page.getByTestId('png-sweep-chart-binder').click()
  const png = await pngDownload
  expect(png.suggestedFilename()).toBe('e2e_sweep-run1-binder.png')
  expect(readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG')

  // Reopened from Runs: the same view, the same numbers.
  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-row').filter({ hasText: 'ising.sweep' }).first().click()
  const detail = page.getByTestId('run-detail')
  await expect(detail.getByTestId('sweep-view')).toHaveAttribute('data-points', '12')
  await expect(detail.getByTestId('sweep-analysis')).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
  await expect(detail.getByTestId('sweep-binder')).toHaveText(binderLive ?? '')
  await expect.poll(() => chartLabel(page, 'sweep-chart-absm')).toBe(absmLive)
  for (const id of ['energy', 'absm', 'chi', 'heat', 'binder', 'tau']) await expect(detail.getByTestId(`sweep-chart-${id}`)).toBeVisible()
})

test('pause, resume and cancel a sweep: the finished points stay; work beyond the budget asks first', async ({ page }) => {
  await openSweepTab(page)
  // The four L = 8 points finish at once; each L = 64 point takes far longer than the test.
  await page.getByTestId('sweep-sizes').fill('8, 64')
  await page.getByTestId('sweep-tmin').fill('2')
  await page.getByTestId('sweep-tmax').fill('2.5')
  await page.getByTestId('sweep-points').fill('4')
  await page.getByTestId('sweep-eq').fill('100')
  await page.getByTestId('sweep-meas').fill('400000')
  await page.getByTestId('sweep-seed').fill('5')
  await page.getByTestId('sweep-start').click()

  await expect(page.getByTestId('sweep-count')).toHaveText('4 of 8 points', { timeout: 30_000 })
  await expect(page.getByTestId('sweep-lattice').first()).toHaveAttribute('data-width', '64')
  await expect(page.getByTestId('sweep-eta')).toContainText('left')
  await page.getByTestId('sweep-pause').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'paused')
  // A reload reattaches to the paused sweep with the points it has.
  await page.reload()
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-tab-sweep').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'paused')
  await expect(page.getByTestId('sweep-count')).toHaveText('4 of 8 points')
  await page.getByTestId('sweep-resume').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'running')
  await page.getByTestId('sweep-cancel').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended')
  await expect(page.getByTestId('sweep-status')).toContainText('cancelled')
  await expect(page.getByTestId('sweep-view')).toHaveAttribute('data-points', '4')

  // 4 temperatures × (8² + 64²) spins × 10⁸ sweeps is beyond the budget: the service asks, the form says why.
  await page.getByTestId('sweep-meas').fill('100000000')
  await expect(page.getByTestId('sweep-work')).toContainText('Beyond the budget')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-confirm')).toContainText('beyond the budget')
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'idle')
  await page.getByTestId('sweep-confirm-yes').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'running')
  await page.getByTestId('sweep-cancel').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended')
})

test('hysteresis loop and dataset: run from their tabs, reopen from Runs', async ({ page }) => {
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-tab-hysteresis').click()
  // A loop cancelled mid-way has no final lattice, and the view does not ask for one.
  await page.getByTestId('hyst-meas').fill('200000')
  await page.getByTestId('hyst-start').click()
  await expect(page.getByTestId('hyst-lattice')).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('hyst-cancel').click()
  await expect(page.getByTestId('hyst-status')).toHaveAttribute('data-phase', 'ended')
  await page.waitForTimeout(500)
  await expect(page.getByTestId('error-banner')).toHaveCount(0)
  await page.getByTestId('hyst-L').fill('16')
  await page.getByTestId('hyst-steps').fill('11')
  await page.getByTestId('hyst-eq').fill('20')
  await page.getByTestId('hyst-meas').fill('50')
  await page.getByTestId('hyst-seed').fill('3')
  await page.getByTestId('hyst-start').click()
  await expect(page.getByTestId('hyst-status')).toHaveAttribute('data-phase', 'ended', { timeout: 30_000 })
  await expect(page.getByTestId('hysteresis-view')).toHaveAttribute('data-points', '22')
  // T = 1.5 < Tc: the up branch flips at a positive field, the down branch at a negative one.
  await expect.poll(async () => Number(await page.getByTestId('hyst-coercive-up').textContent())).toBeGreaterThan(0)
  await expect.poll(async () => Number(await page.getByTestId('hyst-coercive-down').textContent())).toBeLessThan(0)
  const coercive = await page.getByTestId('hyst-coercive').textContent()

  await page.getByTestId('ising-tab-datasets').click()
  await page.getByTestId('ds-L').fill('8')
  await page.getByTestId('ds-tmin').fill('1.5')
  await page.getByTestId('ds-tmax').fill('3.5')
  await page.getByTestId('ds-points').fill('3')
  await page.getByTestId('ds-samples').fill('20')
  await page.getByTestId('ds-pilot').fill('500')
  await page.getByTestId('ds-start').click()
  await expect(page.getByTestId('ds-status')).toHaveAttribute('data-phase', 'ended', { timeout: 30_000 })
  await expect(page.getByTestId('ds-stored')).toBeVisible()
  await expect(page.getByTestId('dataset-samples')).toHaveText('60')
  await expect(page.getByTestId('dataset-sample')).toHaveCount(18)

  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-row').filter({ hasText: 'ising.hysteresis' }).first().click()
  await expect(page.getByTestId('run-detail').getByTestId('hysteresis-view')).toHaveAttribute('data-points', '22')
  await expect(page.getByTestId('hyst-coercive')).toHaveText(coercive ?? '')
  await page.getByTestId('runs-row').filter({ hasText: 'ising.dataset' }).first().click()
  await expect(page.getByTestId('run-detail').getByTestId('dataset-table')).toBeVisible()
  await expect(page.getByTestId('dataset-sample')).toHaveCount(18)
})
