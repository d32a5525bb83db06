// The Boltzmann panel keeps what the user made (the workspace, in the data folder): fields changed
// in three tabs, the machine chosen and the digit drawn to complete, the open tab and the run a
// tab showed survive a reload and a restart of browser mode on another port (another origin, an
// empty localStorage); and Runs › Run again › In its panel… puts a stored run's params and seed
// back into its tab's form.

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

const tab = (page: Page, id: string) => page.getByTestId(`rbm-tab-${id}`)

test('the Boltzmann forms, the open tab and a tab’s last run survive a reload and a restart; a stored run fills its form again', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(lab.url)
  await page.getByTestId('nav-boltzmann').click()

  // A small machine of digits: the Complete tab chooses it, and a digit is drawn there to complete.
  await tab(page, 'train').click()
  await page.getByTestId('rbm-trainSize').fill('100')
  await page.getByTestId('rbm-hidden').fill('8')
  await page.getByTestId('rbm-epochs').fill('1')
  await page.getByTestId('rbm-batch').fill('50')
  await page.getByTestId('rbm-ais').uncheck()
  await page.getByTestId('rbm-train-start').click()
  await expect(page.getByTestId('rbm-train-view')).toHaveAttribute('data-status', 'done', { timeout: 60_000 })
  await tab(page, 'complete').click()
  const machine = await page.getByTestId('rbm-complete-machine').inputValue()
  expect(machine).not.toBe('')
  await page.getByTestId('rbm-complete-source').selectOption('drawn')
  const pad = (await page.getByTestId('draw-pad').boundingBox())!
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.2)
  await page.mouse.down()
  await page.mouse.move(pad.x + pad.width * 0.45, pad.y + pad.height * 0.8, { steps: 8 })
  await page.mouse.up()
  /** The drawn digit as the pad's preview shows it (what the machine would complete). */
  const drawnDigit = (): Promise<string> => page.getByTestId('draw-preview').evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL())
  const drawn = await drawnDigit()

  // Movie ratings: a small run, shown in its tab.
  await tab(page, 'movies').click()
  await page.getByTestId('rbm-movies-users').fill('120')
  await page.getByTestId('rbm-movies-epochs').fill('2')
  await page.getByTestId('rbm-movies-encoding').selectOption('spin')
  await page.getByLabel('Seed').fill('5')
  await page.getByTestId('rbm-movies-start').click()
  await expect(page.getByTestId('rbm-movies-view')).toHaveAttribute('data-status', 'done', { timeout: 60_000 })

  // Train: the exact 4×4 Ising lattice at T = 2.5, 48 hidden units.
  await tab(page, 'train').click()
  await page.getByTestId('rbm-source').selectOption('isingExact')
  await page.getByTestId('rbm-T').fill('2.5')
  await page.getByTestId('rbm-hidden').fill('48')
  // Thermodynamics: two temperatures; the panel is left on this tab.
  await tab(page, 'thermo').click()
  await page.getByTestId('rbm-thermo-temperatures').fill('1.8, 2.6')
  await saved(page)

  const check = async (): Promise<void> => {
    await page.getByTestId('nav-boltzmann').click()
    await expect(tab(page, 'thermo')).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByTestId('rbm-thermo-temperatures')).toHaveValue('1.8, 2.6')
    await tab(page, 'train').click()
    await expect(page.getByTestId('rbm-source')).toHaveValue('isingExact')
    await expect(page.getByTestId('rbm-T')).toHaveValue('2.5')
    await expect(page.getByTestId('rbm-hidden')).toHaveValue('48')
    await tab(page, 'complete').click()
    await expect(page.getByTestId('rbm-complete-machine')).toHaveValue(machine)
    await expect(page.getByTestId('rbm-complete-source')).toHaveValue('drawn')
    expect(await drawnDigit()).toBe(drawn)
    await tab(page, 'movies').click()
    await expect(page.getByTestId('rbm-movies-users')).toHaveValue('120')
    await expect(page.getByTestId('rbm-movies-encoding')).toHaveValue('spin')
    await expect(page.getByLabel('Seed')).toHaveValue('5')
    await expect(page.getByTestId('rbm-movies-view')).toHaveAttribute('data-status', 'done')
    await expect(page.getByTestId('rbm-movies-spin')).toContainText('%')
    // Back as it was left.
    await tab(page, 'thermo').click()
    await saved(page)
  }
  await page.reload()
  await check()
  await tab(page, 'complete').click()
  if (process.env.SCREENS_DIR) await page.screenshot({ path: `${process.env.SCREENS_DIR}/rbm-complete-after-reload.png`, fullPage: true })
  await tab(page, 'thermo').click()
  await saved(page)

  // A restart of browser mode: another port, another origin; the data folder is the same.
  lab = await lab.restart()
  await page.goto(lab.url)
  await check()

  // The form changed since; Run again › In its panel… puts the stored run's params and seed back.
  await tab(page, 'movies').click()
  await page.getByTestId('rbm-movies-users').fill('300')
  await page.getByTestId('rbm-movies-encoding').selectOption('naive')
  await page.getByLabel('Seed').fill('')
  await page.getByTestId('nav-runs').click()
  await page.getByRole('row', { name: /rbm\.movies/ }).first().click()
  await page.getByTestId('run-again-panel').click()
  await expect(tab(page, 'movies')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('rbm-movies-users')).toHaveValue('120')
  await expect(page.getByTestId('rbm-movies-epochs')).toHaveValue('2')
  await expect(page.getByTestId('rbm-movies-encoding')).toHaveValue('spin')
  await expect(page.getByLabel('Seed')).toHaveValue('5')
  if (process.env.SCREENS_DIR) await page.screenshot({ path: `${process.env.SCREENS_DIR}/rbm-run-again-in-panel.png`, fullPage: true })
})
