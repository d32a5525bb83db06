// What a new user hit (issue 13), each fixed behaviour shown in the browser against the real lab
// service, with ONE batch worker as on a two-core machine: budget questions that belong to the
// form on screen and state the time; a paused live run that no longer starves a sweep, and a
// queued job that says why it waits; panel work that survives a reload and a restart.

import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'
import { saved } from './workspace'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab(undefined, ['--workers', '1'])
})
test.afterAll(async () => {
  await lab.stop()
})

async function open(page: Page, panel: string, url = lab.url): Promise<void> {
  await page.goto(url)
  await page.getByTestId(`nav-${panel}`).click()
}

test('High 1: a budget question closes when the form changes, states the time, and far beyond the budget takes a second step', async ({ page }) => {
  await open(page, 'ising')
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-meas').fill('1000000000')
  await page.getByTestId('sweep-start').click()
  const box = page.getByTestId('sweep-confirm')
  await expect(box).toContainText('beyond the budget')
  // The time, and where its rate comes from (this data folder has no sweep yet).
  await expect(page.getByTestId('sweep-confirm-time')).toContainText(/Estimated time: about [\d.,]+ (days|years)/)
  await expect(page.getByTestId('sweep-confirm-time')).toContainText('a typical rate of one worker')

  // The user changes the form without answering: the question was about other params, it goes.
  await page.getByTestId('sweep-sizes').fill('8')
  await expect(box).toHaveCount(0)
  await page.getByTestId('sweep-points').fill('5')
  await page.getByTestId('sweep-meas').fill('1000')
  await page.getByTestId('sweep-start').click()
  // Within the budget: no question, and the run is the one on screen (5 points of L = 8).
  await expect(box).toHaveCount(0)
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  await expect(page.getByTestId('sweep-status')).toContainText('done')
  await expect(page.getByTestId('sweep-count')).toContainText('5 of 5 points')

  // 10⁹ sweeps of 41 points × (8² + 16² + 32²) spins: ×550 the budget. One click is not enough.
  await page.getByTestId('sweep-sizes').fill('8, 16, 32')
  await page.getByTestId('sweep-points').fill('41')
  await page.getByTestId('sweep-meas').fill('1000000000')
  await page.getByTestId('sweep-start').click()
  await page.getByTestId('sweep-confirm-yes').click()
  await expect(page.getByTestId('sweep-confirm-far')).toContainText(/times the budget: the run would hold a worker for about [\d.,]+ (days|years)/)
  await expect(page.getByTestId('sweep-confirm-far-yes')).toHaveText(/Yes, start a run of about [\d.,]+ (days|years)/)
  // Still nothing started; the second step too closes when the form changes.
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'idle')
  await page.getByTestId('sweep-meas').fill('2000')
  await expect(box).toHaveCount(0)

  // The same rule in the Hopfield capacity experiment.
  await page.getByTestId('nav-hopfield').click()
  await page.getByTestId('hopfield-tab-capacity').click()
  await page.getByTestId('hopfield-cap-N').fill('4096')
  await page.getByTestId('hopfield-cap-start').click()
  await expect(page.getByTestId('hopfield-cap-confirm')).toContainText('beyond the budget')
  await expect(page.getByTestId('hopfield-cap-confirm-time')).toContainText('Estimated time')
  await page.getByTestId('hopfield-cap-N').fill('400')
  await expect(page.getByTestId('hopfield-cap-confirm')).toHaveCount(0)

  // And in the network builder (Train once did nothing there: the question had no place on screen).
  await page.getByTestId('nav-network').click()
  await page.getByTestId('network-preset').selectOption('modern-mlp')
  await page.getByTestId('network-add-layer').click()
  await page.getByTestId('network-add-layer').click()
  for (const i of [1, 2, 3]) await page.getByTestId('network-layer').nth(i).fill('4096')
  await page.getByTestId('network-epochs').fill('100')
  await page.getByTestId('network-train').click()
  // 3 × (784·4096 + 2·4096² + 4096·10) multiply–adds × 8,000 digits × 100 epochs = 8.8·10¹³, 22 × the budget
  await expect(page.getByTestId('network-confirm')).toContainText(/asks for 8\.8·10¹³ multiply–adds, beyond the budget of 4\.0·10¹² \(22 times as much\)/)
  await expect(page.getByTestId('network-confirm-time')).toContainText(/Estimated time: about [\d.]+ h/)
  await page.getByTestId('network-epochs').fill('2')
  await expect(page.getByTestId('network-confirm')).toHaveCount(0)
  await expect(page.getByTestId('network-run')).toHaveCount(0)
})

test('High 2: a paused live run does not hold the worker a sweep needs; a queued job says why it waits, with a button to act', async ({ page }) => {
  await open(page, 'ising')
  await page.getByTestId('ising-tab-live').click()
  await page.getByTestId('ising-L').selectOption('64')
  await page.getByTestId('ising-start').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'running')
  await page.getByTestId('ising-pause').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')

  // The sweep runs and finishes while the live run stays paused.
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-sizes').fill('8')
  await page.getByTestId('sweep-points').fill('3')
  await page.getByTestId('sweep-meas').fill('500')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  await expect(page.getByTestId('sweep-status')).toContainText('done')
  await page.getByTestId('ising-tab-live').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')

  // A sweep that holds the one batch worker: a hysteresis loop started next waits, and says behind what.
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-meas').fill('100000000')
  await page.getByTestId('sweep-points').fill('1')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-phase', 'running')
  const sweepRun = (await page.getByTestId('sweep-status').textContent())!.match(/#(\d+)/)![1]
  await page.getByTestId('ising-tab-hysteresis').click()
  await page.getByTestId('hyst-L').fill('16')
  await page.getByTestId('hyst-steps').fill('5')
  await page.getByTestId('hyst-start').click()
  const queued = page.getByTestId('hyst-queued')
  await expect(queued).toContainText(`queued behind Ising temperature sweep run #${sweepRun} (running)`)
  await expect(page.getByTestId('hyst-eta')).toHaveCount(0)
  await page.getByTestId(`hyst-cancel-blocker-${sweepRun}`).click()
  await expect(page.getByTestId('hyst-status')).toHaveAttribute('data-phase', 'ended', { timeout: 60_000 })
  await expect(page.getByTestId('hyst-status')).toContainText('done')
  await expect(queued).toHaveCount(0)

  await page.getByTestId('ising-tab-live').click()
  await page.getByTestId('ising-reset').click()
})

test('High 3: drawn patterns, filters and forms survive a reload and a restart of the lab service on another port', async ({ page }) => {
  test.setTimeout(120_000)
  // Hopfield: a 6×6 grid, two drawn patterns (the diagonals) stored in the library, a third left on the grid.
  await open(page, 'hopfield')
  await page.getByTestId('hopfield-clear-library').click()
  await page.getByTestId('hopfield-clear-library-confirm').click()
  for (const [id, v] of [['hopfield-width', '6'], ['hopfield-height', '6']]) {
    await page.getByTestId(id).fill(v)
    await page.getByTestId(id).press('Tab')
  }
  const grid = page.getByTestId('hopfield-input-grid')
  await expect(grid).toHaveAttribute('data-width', '6')
  const draw = async (cells: [number, number][]): Promise<void> => {
    const box = (await grid.boundingBox())!
    await page.getByTestId('hopfield-clear').click()
    for (const [c, r] of cells) await page.mouse.click(box.x + (c + 0.5) * (box.width / 6), box.y + (r + 0.5) * (box.height / 6))
  }
  await draw([0, 1, 2, 3, 4, 5].map((k) => [k, k]))
  await page.getByTestId('hopfield-store').click()
  await draw([0, 1, 2, 3, 4, 5].map((k) => [5 - k, k]))
  await page.getByTestId('hopfield-store').click()
  await draw([[2, 0], [2, 1], [2, 2]])
  await expect(page.getByTestId('hopfield-library-count')).toHaveAttribute('data-count', '2')
  const patterns = async (): Promise<(string | null)[]> => Promise.all((await page.getByTestId('hopfield-pattern').all()).map((l) => l.getAttribute('data-state')))
  const library = await patterns()
  expect(library).toHaveLength(2)
  expect(library[0]).toBe(Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? '+' : '-')).join(''))
  const drawing = await grid.getAttribute('data-state')

  // Sweep form, network builder, CNN filter, autoencoder builder: one change each.
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-sizes').fill('12, 24')
  await page.getByTestId('nav-network').click()
  await page.getByTestId('network-preset').selectOption('paper-appendix')
  await page.getByTestId('nav-cnn').click()
  await page.getByTestId('cnn-tab-filters').click()
  await page.getByLabel('Name of filter 1').fill('my edge')
  await page.getByLabel('Name of filter 1').press('Tab')
  await page.getByTestId('nav-autoencoder').click()
  await page.getByTestId('ae-latent').fill('7')
  await saved(page)

  const check = async (): Promise<void> => {
    await page.getByTestId('nav-hopfield').click()
    await expect(page.getByTestId('hopfield-library-count')).toHaveAttribute('data-count', '2')
    expect(await patterns()).toEqual(library)
    await expect(grid).toHaveAttribute('data-state', drawing!)
    await page.getByTestId('nav-ising').click()
    await page.getByTestId('ising-tab-sweep').click()
    await expect(page.getByTestId('sweep-sizes')).toHaveValue('12, 24')
    await page.getByTestId('nav-network').click()
    await expect(page.getByTestId('network-preset')).toHaveValue('paper-appendix')
    await page.getByTestId('nav-cnn').click()
    await page.getByTestId('cnn-tab-filters').click()
    await expect(page.getByLabel('Name of filter 1')).toHaveValue('my edge')
    await page.getByTestId('nav-autoencoder').click()
    await expect(page.getByTestId('ae-latent')).toHaveValue('7')
  }
  await page.reload()
  await check()

  // A restart of browser mode: another port, another origin (its localStorage is empty); the data folder is the same.
  lab = await lab.restart()
  await page.goto(lab.url)
  await check()
})
