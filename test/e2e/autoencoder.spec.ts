// The Autoencoder panel in the browser against a fresh data folder: Fig. 14 from nothing (the
// preset generates its Ising dataset, then trains; made small here — L = 8, 8 temperatures, 5
// epochs — while the panel's preset is the real one), the stored run reopened from Runs with
// its plots, the training waiting for its dataset kept across pages, a 2-D latent map of the digits decoded by a click, and bad input refused before
// anything runs.
import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'
import { saved } from './workspace'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

async function openPanel(page: Page): Promise<void> {
  await page.goto(lab.url)
  await page.getByTestId('nav-autoencoder').click()
  await expect(page.getByTestId('ae-builder')).toBeVisible()
}

test('Fig. 14 from a fresh data folder: the dataset is generated, the one-neuron network trained, and the latent plotted against T beside ⟨|m|⟩', async ({ page }) => {
  test.setTimeout(180_000)
  await openPanel(page)
  await expect(page.getByTestId('ae-empty')).toBeVisible()
  await page.getByTestId('ae-preset').selectOption('fig14')
  await expect(page.getByTestId('ae-shape')).toHaveText('400–256–64–1–64–256–400')
  await expect(page.getByTestId('ae-ising-run')).toHaveValue('generate')
  await expect(page.getByTestId('ae-train')).toHaveText('Generate the dataset, then train')
  // small for the test: L = 8, 8 temperatures × 40, 5 epochs
  await page.getByTestId('ae-gen-L').fill('8')
  await page.getByTestId('ae-gen-points').fill('8')
  await page.getByTestId('ae-gen-samples').fill('40')
  await page.getByTestId('ae-epochs').fill('5')
  await page.getByTestId('ae-batch').fill('32')
  await page.getByTestId('ae-seed').fill('3')
  await expect(page.getByTestId('ae-shape')).toHaveText('64–256–64–1–64–256–64')
  await page.getByTestId('ae-train').click()
  // The note 'Generating the Ising dataset…' lasts only while that small job runs (under a second when the
  // machine is free): the dataset's own stored run is checked in Runs below instead.

  await expect(page.getByTestId('ae-run')).toHaveAttribute('data-status', 'done', { timeout: 150_000 })
  await expect(page.getByTestId('ae-run-view')).toHaveAttribute('data-loaded', 'yes')
  const chart = page.getByTestId('ae-fig14-chart').locator('[role=img]')
  await expect(chart).toHaveAttribute('aria-label', /rescaled to \[0, 1\] = [\d.]+ at T = 3\.5/)
  await expect(chart).toHaveAttribute('aria-label', /⟨\|m\|⟩ \(never shown to the network\) = 0\.\d+/)
  const r = Number(await page.getByTestId('ae-fig14-r').textContent())
  expect(r).toBeGreaterThan(0.8)
  await expect(page.getByTestId('ae-fig14-tc')).toContainText('±')
  // the scatter of z against m and the error against T are drawn too
  await expect(page.getByTestId('ae-fig14-scatter').locator('[role=img]')).toHaveAttribute('aria-label', /T 1\.50–/)
  await expect(page.getByTestId('ae-fig14-error').locator('[role=img]')).toHaveAttribute('aria-label', /mean\(1 − m²\)/)

  // the dataset is a stored run of its own, and the training reopens from Runs with the same plots
  await page.getByTestId('nav-runs').click()
  await expect(page.getByTestId('runs-row').filter({ hasText: 'Dataset for Fig. 14' }).first()).toBeVisible()
  await page.getByTestId('runs-row').filter({ hasText: 'Autoencoder 64–256–64–1–64–256–64' }).first().click()
  await expect(page.getByTestId('ae-run-view')).toHaveAttribute('data-loaded', 'yes')
  await expect(page.getByTestId('ae-fig14-chart').locator('[role=img]')).toHaveAttribute('aria-label', /⟨\|m\|⟩/)
  await page.getByTestId('ae-section-tab-curves').click()
  await expect(page.getByTestId('ae-run-curves-loss').locator('[role=img]')).toHaveAttribute('aria-label', /validation = \d/)
  // the views are a tab list: arrows move between them
  await page.getByTestId('ae-section-tab-curves').press('ArrowRight')
  await expect(page.getByTestId('ae-section-tab-fig14')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('ae-section-tab-fig14')).toBeFocused()
  await expect(page.getByTestId('ae-fig14-chart')).toBeVisible()
  await page.getByTestId('ae-section-tab-recon').click()
  await expect(page.getByTestId('ae-recon-out')).toBeVisible()
})

test('the training waiting for its Fig. 14 dataset is kept in the data folder: a page that starts afresh (no localStorage) still trains when the dataset is done', async ({ page, browser }) => {
  test.setTimeout(180_000)
  await openPanel(page)
  await page.getByTestId('ae-preset').selectOption('fig14')
  // Other generation params than the test above: no stored dataset fits, one is generated.
  await page.getByTestId('ae-gen-L').fill('8')
  await page.getByTestId('ae-gen-points').fill('6')
  await page.getByTestId('ae-gen-samples').fill('40')
  await page.getByTestId('ae-epochs').fill('2')
  await page.getByTestId('ae-batch').fill('32')
  await page.getByTestId('ae-seed').fill('4')
  await page.getByTestId('ae-train').click()
  await saved(page)
  // The page goes away at once; another one (a new origin's empty localStorage, as after a restart on
  // another port) opens the panel: the chain is there, and the training starts when the dataset is done.
  await page.close()
  const fresh = await (await browser.newContext()).newPage()
  await openPanel(fresh)
  // The first test's training and this one, finished (and the choice "Choose one of 2…").
  await expect(fresh.getByTestId('ae-run-select').locator('option')).toHaveCount(3, { timeout: 150_000 })
  await fresh.getByTestId('nav-runs').click()
  await expect(fresh.getByTestId('runs-row').filter({ hasText: 'Dataset for Fig. 14' })).toHaveCount(2)
  await fresh.context().close()
})

test('digits on a 2-D latent plane: the map reopens, a click on the decoded grid decodes that point', async ({ page }) => {
  test.setTimeout(120_000)
  await openPanel(page)
  await page.getByTestId('ae-preset').selectOption('mnist-2d')
  await page.getByTestId('ae-epochs').fill('1')
  await page.getByTestId('ae-train-size').fill('1000')
  await page.getByTestId('ae-seed').fill('1')
  await page.getByTestId('ae-train').click()
  await expect(page.getByTestId('ae-run')).toHaveAttribute('data-status', 'done', { timeout: 100_000 })
  await expect(page.getByTestId('ae-latent-map')).toBeVisible()
  await expect(page.getByTestId('ae-latent-scatter').locator('[role=img]')).toHaveAttribute('aria-label', /0 = /)
  const grid = page.getByTestId('ae-latent-grid').locator('canvas')
  const box = (await grid.boundingBox())!
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6)
  await expect(page.getByTestId('ae-latent-picked')).toContainText('Decoded at (')
})

test('bad input is refused before anything runs: the form says why, and no run is stored', async ({ page }) => {
  await openPanel(page)
  const options = page.getByTestId('ae-run-select').locator('option')
  // The list of stored runs loads after the panel shows: wait for the runs of the tests above.
  await expect.poll(() => options.count()).toBeGreaterThan(2)
  const before = await options.count()
  await page.getByTestId('ae-preset').selectOption('vae-mnist')
  await page.getByTestId('ae-beta').fill('-1')
  await page.getByTestId('ae-latent').fill('0')
  await page.getByTestId('ae-train').click()
  await expect(page.getByTestId('ae-issues')).toContainText('β must be at least 0 (got -1)')
  await expect(page.getByTestId('ae-issues')).toContainText('Latent size must be at least 1 (got 0)')
  await expect(page.getByTestId('ae-train')).toBeDisabled()
  // data the network cannot take: a latent space larger than the 64 time points of a trajectory
  await page.getByTestId('ae-beta').fill('1')
  await page.getByTestId('ae-latent').fill('2')
  await page.getByTestId('ae-source-oscillator').check()
  await page.getByTestId('ae-latent').fill('65')
  await expect(page.getByTestId('ae-issues')).toContainText('Latent size must be at most 64 (got 65)')
  await page.getByTestId('ae-latent').fill('3')
  await page.getByTestId('ae-loss').selectOption('bce')
  await expect(page.getByTestId('ae-issues')).toContainText('binary cross-entropy needs two-valued data')
  await expect(page.getByTestId('ae-train')).toBeDisabled()
  await expect(options).toHaveCount(before)
  await expect(page.getByTestId('ae-run')).toHaveCount(0)
})
