// Screenshots of the Sweep tab after real sweeps (not part of `npm test`): a finite-size sweep
// with its reweighted curves, Tc estimates, finite-size scaling and the chosen point's G(r)
// and histograms; the L = 4, B = 0.1 sweep whose low-T points are flagged, and the same with
// replica exchange. Run: SCREENS_DIR=/tmp/screens npx playwright test -c playwright.screens.config.ts isingSweep
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from '../e2e/lab'

const dir = process.env.SCREENS_DIR ?? 'test-results/screens'
let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
  mkdirSync(dir, { recursive: true })
})
test.afterAll(async () => {
  await lab.stop()
})

async function sweep(page: Page, f: Record<string, string>, replicas = false): Promise<void> {
  for (const [id, v] of Object.entries(f)) await page.getByTestId(id).fill(v)
  if (replicas) await page.getByTestId('sweep-replicas').check()
  else await page.getByTestId('sweep-replicas').uncheck()
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended', { timeout: 240_000 })
  await expect(page.getByTestId('sweep-analysis')).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
  await page.waitForTimeout(600)
}

test('sweep tab after sweeps', async ({ page }) => {
  test.setTimeout(600_000)
  // Tall: the panel scrolls inside the page, so a full-page shot holds only the viewport.
  await page.setViewportSize({ width: 1360, height: 3000 })
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-tab-sweep').click()
  await sweep(page, { 'sweep-sizes': '8, 16, 32', 'sweep-tmin': '1.8', 'sweep-tmax': '2.8', 'sweep-points': '21', 'sweep-meas': '10000', 'sweep-seed': '3' })
  await page.screenshot({ path: join(dir, 'sweep-fss.png'), fullPage: true })
  await page.getByTestId('fss-fit-chi').click()
  await expect(page.getByTestId('fss-fitted-chi')).toBeVisible({ timeout: 60_000 })
  await page.getByTestId('sweep-fss').screenshot({ path: join(dir, 'sweep-fss-fitted.png') })
  await page.getByTestId('sweep-reweighting').selectOption('single')
  await page.waitForTimeout(3000)
  await page.getByTestId('sweep-chart-heat').screenshot({ path: join(dir, 'sweep-single-histograms.png') })
  await page.getByTestId('sweep-reweighting').selectOption('wham')

  await page.getByTestId('sweep-algo-heatbath').check()
  const flagged = { 'sweep-sizes': '4', 'sweep-tmin': '1.5', 'sweep-tmax': '3.5', 'sweep-points': '9', 'sweep-B': '0.1', 'sweep-meas': '20000', 'sweep-seed': '13' }
  await sweep(page, flagged)
  await page.getByTestId('sweep-chart-absm').hover({ position: { x: 60, y: 60 } })
  await page.screenshot({ path: join(dir, 'sweep-flagged.png'), fullPage: true })
  await sweep(page, flagged, true)
  await page.screenshot({ path: join(dir, 'sweep-replicas.png'), fullPage: true })

  // A dataset by replica exchange at B = 0.1, where symmetrizing cannot help.
  await page.getByTestId('ising-tab-datasets').click()
  for (const [id, v] of Object.entries({ 'ds-L': '8', 'ds-tmin': '1.5', 'ds-tmax': '3.5', 'ds-points': '9', 'ds-samples': '50', 'ds-B': '0.1', 'ds-pilot': '1000', 'ds-seed': '2' }))
    await page.getByTestId(id).fill(v)
  await page.getByTestId('ds-algo-heatbath').check()
  await page.getByTestId('ds-replicas').check()
  await page.getByTestId('ds-start').click()
  await expect(page.getByTestId('ds-status')).toHaveAttribute('data-phase', 'ended', { timeout: 120_000 })
  await expect(page.getByTestId('dataset-swap')).toBeVisible()
  await page.waitForTimeout(600)
  await page.screenshot({ path: join(dir, 'dataset-replicas.png'), fullPage: true })
})
