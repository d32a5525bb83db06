// Screenshots of every panel's job mid-run (paused where the panel can pause, so the picture
// holds still) and after it ended, for before/after comparisons of a change to the job
// plumbing (not part of `npm test`). Seeds are fixed; what still moves between two runs is
// timing: the lattice of a point under way, the progress of a running job, durations.
//   SCREENS_DIR=/tmp/screens npx playwright test -c playwright.screens.config.ts runs.spec.ts
import { expect, test, type Page } from '@playwright/test'
import { fill, labForScreens, shoot as shootPage } from './shoot'

const lab = labForScreens()

// SCREENS_THEMES=dark takes them in the dark theme (the first theme listed; light by default).
const theme = (process.env.SCREENS_THEMES ?? 'light').split(',')[0] === 'dark' ? 'dark' : 'light'
const shoot = (page: Page, name: string): Promise<void> => shootPage(page, `run-${name}${theme === 'dark' ? '-dark' : ''}`, 600)

async function open(page: Page, nav: string, tab?: string): Promise<void> {
  await page.getByTestId(`nav-${nav}`).click()
  if (tab) await page.getByTestId(tab).click()
}

test('every panel mid-run and after a run', async ({ page }) => {
  test.setTimeout(540_000)
  await page.setViewportSize({ width: 1360, height: 880 })
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(lab().url)

  // Ising live: ordered at T = 1.5, paused; then kept.
  await open(page, 'ising')
  await page.getByTestId('ising-L').selectOption('48')
  await fill(page, { 'ising-seed': '7', 'ising-temperature': '1.5' })
  await page.getByTestId('ising-start').click()
  await expect.poll(async () => Number(await page.getByTestId('ising-absm').textContent()), { timeout: 30_000 }).toBeGreaterThan(0.8)
  await page.getByTestId('ising-pause').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')
  await page.getByTestId('ising-step').click()
  await shoot(page, 'ising-live-paused')
  await page.getByTestId('ising-keep').click()
  await expect(page.getByTestId('ising-kept')).toBeVisible()
  await shoot(page, 'ising-live-kept')
  await page.reload()
  await open(page, 'ising')
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')
  await shoot(page, 'ising-live-reattached')
  await page.getByTestId('ising-reset').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'idle')

  // Sweep: the L = 8 points done, an L = 64 point under way, paused; reattached after a reload; cancelled.
  await open(page, 'ising', 'ising-tab-sweep')
  await fill(page, { 'sweep-sizes': '8, 64', 'sweep-tmin': '2', 'sweep-tmax': '2.5', 'sweep-points': '4', 'sweep-eq': '100', 'sweep-meas': '400000', 'sweep-seed': '5' })
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-count')).toHaveText('4 of 8 points', { timeout: 30_000 })
  await expect(page.getByTestId('sweep-lattice').first()).toHaveAttribute('data-width', '64')
  await page.getByTestId('sweep-pause').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'paused')
  await shoot(page, 'sweep-paused')
  await page.reload()
  await open(page, 'ising', 'ising-tab-sweep')
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'paused')
  await expect(page.getByTestId('sweep-count')).toHaveText('4 of 8 points')
  await shoot(page, 'sweep-reattached')
  await page.getByTestId('sweep-cancel').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended')
  await shoot(page, 'sweep-cancelled')
  await fill(page, { 'sweep-sizes': '8, 16', 'sweep-tmin': '1.8', 'sweep-tmax': '2.8', 'sweep-points': '6', 'sweep-eq': '200', 'sweep-meas': '3000', 'sweep-seed': '11' })
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-status')).toContainText('done', { timeout: 60_000 })
  await expect(page.getByTestId('sweep-final-lattice')).toHaveAttribute('data-width', '16')
  await shoot(page, 'sweep-done')

  // Hysteresis: a long loop paused mid-way (then cancelled), a short one done.
  await open(page, 'ising', 'ising-tab-hysteresis')
  await fill(page, { 'hyst-L': '64', 'hyst-steps': '11', 'hyst-eq': '20', 'hyst-meas': '200000', 'hyst-seed': '3' })
  await page.getByTestId('hyst-start').click()
  await expect(page.getByTestId('hyst-lattice')).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('hyst-pause').click()
  await expect(page.getByTestId('hyst-status')).toHaveAttribute('data-phase', 'paused')
  await shoot(page, 'hyst-paused')
  await page.getByTestId('hyst-cancel').click()
  await expect(page.getByTestId('hyst-status')).toHaveAttribute('data-phase', 'ended')
  await fill(page, { 'hyst-L': '16', 'hyst-meas': '50' })
  await page.getByTestId('hyst-start').click()
  await expect(page.getByTestId('hyst-status')).toHaveAttribute('data-phase', 'ended', { timeout: 30_000 })
  await expect(page.getByTestId('hysteresis-view')).toHaveAttribute('data-points', '22')
  await shoot(page, 'hyst-done')

  // Dataset: done.
  await open(page, 'ising', 'ising-tab-datasets')
  await fill(page, { 'ds-L': '8', 'ds-tmin': '1.5', 'ds-tmax': '3.5', 'ds-points': '3', 'ds-samples': '20', 'ds-pilot': '500', 'ds-seed': '2' })
  await page.getByTestId('ds-start').click()
  await expect(page.getByTestId('ds-status')).toHaveAttribute('data-phase', 'ended', { timeout: 30_000 })
  await expect(page.getByTestId('dataset-sample')).toHaveCount(18)
  await shoot(page, 'ds-done')

  // Hopfield: the paper's example recalled (replay at its end); a small capacity experiment.
  await open(page, 'hopfield')
  await page.getByTestId('hopfield-seed').fill('1')
  await page.getByTestId('hopfield-recall').click()
  await expect(page.getByTestId('hopfield-replay')).toHaveAttribute('data-phase', /playing|end/, { timeout: 30_000 })
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('End')
  await expect(page.getByTestId('hopfield-replay')).toHaveAttribute('data-phase', 'end', { timeout: 60_000 })
  await shoot(page, 'hopfield-recall-done')
  await page.getByTestId('hopfield-tab-capacity').click()
  await fill(page, { 'hopfield-cap-N': '100', 'hopfield-cap-points': '5', 'hopfield-cap-trials': '3' })
  await page.getByTestId('hopfield-cap-seed').fill('1')
  await page.getByTestId('hopfield-cap-start').click()
  await expect(page.getByTestId('hopfield-cap-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  await shoot(page, 'hopfield-capacity-done')

  // Network: a 3-epoch training paused mid-way (then cancelled); one epoch done.
  await open(page, 'network')
  await page.getByTestId('network-preset').selectOption('modern-mlp')
  await fill(page, { 'network-epochs': '3', 'network-seed': '7' })
  await page.getByTestId('network-train').click()
  await expect.poll(async () => Number(await page.getByTestId('network-progress').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(10)
  await page.getByTestId('network-pause').click()
  await expect(page.getByTestId('network-run')).toHaveAttribute('data-phase', 'paused')
  await shoot(page, 'network-paused')
  await page.getByTestId('network-cancel').click()
  await expect(page.getByTestId('network-run')).toHaveAttribute('data-phase', 'ended')
  await shoot(page, 'network-cancelled')
  await page.getByTestId('network-epochs').fill('1')
  await page.getByTestId('network-train').click()
  await expect(page.getByTestId('network-run')).toHaveAttribute('data-status', 'done', { timeout: 90_000 })
  await expect(page.getByTestId('confusion-matrix')).toBeVisible()
  await shoot(page, 'network-done')

  // CNN: a small training done.
  await open(page, 'cnn', 'cnn-tab-train')
  await fill(page, { 'train-size': '500', 'train-epochs': '1', 'train-seed': '3', 'train-name': 'screens CNN' })
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-end', 'done', { timeout: 90_000 })
  await expect(page.getByTestId('train-test-accuracy')).not.toHaveText('–')
  await shoot(page, 'cnn-train-done')

  // Runs: the list of what was made.
  await open(page, 'runs')
  await shoot(page, 'runs-list')
})
