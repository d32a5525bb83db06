// Screenshots of issue 13's state and job views (not part of `npm test`), at 1024×700 and
// 1920×1080: the budget question with its time and its second step, a job queued behind
// another, the live controls' history, a paused live run after a reload, the disconnect banner,
// a CNN stopped early, the empty and the all −1 lattice, the network page during a training.
//   SCREENS_DIR=/tmp/screens npx playwright test -c playwright.screens.config.ts ux.screens.spec.ts
import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from '../e2e/lab'
import { shoot as shootPage } from './shoot'

// Its own lab (not labForScreens): one batch worker, and a restart on the same folder midway.
let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab(undefined, ['--workers', '1'])
  mkdirSync(process.env.SCREENS_DIR ?? 'test-results/screens', { recursive: true })
})
test.afterAll(async () => {
  await lab.stop()
})

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1920, height: 1080 }
]

/** At both sizes (the panels scroll inside the window, so sticky parts and banners show where they sit). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size)
    await shootPage(page, `ux-${name}-${size.width}`, 500)
  }
}

test('issue 13: state and job views', async ({ page }) => {
  test.setTimeout(400_000)
  await page.setViewportSize(SIZES[0])
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()

  // The empty lattice, then an all −1 lattice (cold start down, T low, paused at once).
  await shoot(page, 'lattice-empty')
  await page.getByTestId('ising-L').selectOption('32')
  await page.getByTestId('ising-temperature').fill('0.5')
  await page.getByTestId('ising-field').fill('-2')
  await page.getByTestId('ising-start').click()
  await expect.poll(async () => Number(await page.getByTestId('ising-absm').textContent()), { timeout: 30_000 }).toBeGreaterThan(0.999)
  await shoot(page, 'lattice-all-down')
  await page.getByTestId('ising-field').fill('0')
  await page.getByTestId('ising-temperature').fill('3.2')
  await page.getByTestId('ising-temperature').fill('1.2')
  await page.waitForTimeout(1500)
  await page.getByTestId('ising-pause').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')
  await shoot(page, 'live-history')
  await page.reload()
  await page.getByTestId('nav-ising').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')
  await shoot(page, 'live-paused-reloaded')

  // The budget question, then its second step.
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-meas').fill('1000000000')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-confirm-time')).toBeVisible()
  await shoot(page, 'budget-question')
  await page.getByTestId('sweep-confirm-yes').click()
  await shoot(page, 'budget-second-step')
  await page.getByTestId('sweep-sizes').fill('8')
  await page.getByTestId('sweep-points').fill('1')
  await page.getByTestId('sweep-meas').fill('100000000')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'running')

  // A hysteresis loop queued behind it.
  await page.getByTestId('ising-tab-hysteresis').click()
  await page.getByTestId('hyst-start').click()
  await expect(page.getByTestId('hyst-queued')).toBeVisible()
  await shoot(page, 'queued')

  // The service dies.
  await lab.quit('SIGKILL')
  await expect(page.getByTestId('disconnected-banner')).toBeVisible()
  await page.getByTestId('ising-tab-sweep').click()
  await shoot(page, 'unreachable')
  const dataDir = lab.dataDir
  lab = await startLab(dataDir, ['--workers', '1'])
  await page.goto(lab.url)
  await shoot(page, 'sweep-last-run-interrupted')

  // A CNN stopped early.
  await page.getByTestId('nav-cnn').click()
  await page.getByTestId('cnn-tab-train').click()
  await page.getByTestId('train-epochs').fill('4')
  await page.getByTestId('train-size').fill('640')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-status')).toContainText('epoch 2/4', { timeout: 120_000 })
  await page.getByTestId('train-stop').click()
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  await shoot(page, 'cnn-stopped')

  // The network page during a training, scrolled: its controls stay in view.
  await page.getByTestId('nav-network').click()
  await page.getByTestId('network-epochs').fill('20')
  await page.getByTestId('network-train').click()
  await expect(page.getByTestId('network-run')).toHaveAttribute('data-phase', 'running')
  await page.waitForTimeout(2500)
  await page.locator('main').evaluate((m) => m.scrollTo(0, 700))
  await shoot(page, 'network-sticky')
  // A training that has ended meanwhile has nothing to cancel.
  const cancel = page.getByTestId('network-cancel')
  if (await cancel.isVisible()) await cancel.click()
})
