import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'

// The forms of every panel (issue 13, Medium 5, 7 and 8): a number field keeps what the user
// typed and says what it accepts; a message follows the value in the field now, never an
// earlier one; a sentence promises only panels that exist.

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

async function open(page: Page, nav: string, tab?: string): Promise<void> {
  await page.goto(lab.url)
  await page.getByTestId(`nav-${nav}`).click()
  if (tab) await page.getByTestId(tab).click()
}

test('a number field never rewrites what was typed: 1e3 is a thousand, −5 and 1e are refused in words (Medium 5)', async ({ page }) => {
  await open(page, 'network')
  const hidden = page.getByTestId('network-layer').nth(1)
  const issues = page.getByTestId('network-issue')
  await hidden.fill('1e3')
  await expect(hidden).toHaveValue('1e3')
  await expect(page.getByTestId('network-architecture')).toHaveText('784–1000–10')
  await expect(issues).toHaveCount(0)
  await hidden.fill('-5')
  await expect(hidden).toHaveValue('-5')
  await expect(issues).toHaveText(['Hidden 1 must be at least 1 (got -5)'])
  await expect(page.getByTestId('network-train')).toBeDisabled()
  // Typed key by key, the field holds every character: "1e" on the way to "1e2" is not cut to "1".
  await hidden.fill('')
  await hidden.pressSequentially('1e')
  await expect(hidden).toHaveValue('1e')
  await expect(issues).toHaveText(['Hidden 1 must be a number'])
  await hidden.pressSequentially('2')
  await expect(hidden).toHaveValue('1e2')
  await expect(page.getByTestId('network-architecture')).toHaveText('784–100–10')
  await expect(issues).toHaveCount(0)
  // The learning rate says what is allowed, under its own label.
  await page.getByTestId('network-lr').fill('0')
  await expect(issues).toHaveText(['Learning rate η must be more than 0 (got 0)'])
  await page.getByTestId('network-lr').fill('1e-3')
  await expect(issues).toHaveCount(0)
  await expect(page.getByTestId('network-train')).toBeEnabled()
})

test('messages follow the value in the field now: capacity α range, sweep sizes (Medium 7)', async ({ page }) => {
  await open(page, 'hopfield', 'hopfield-tab-capacity')
  await page.getByTestId('hopfield-cap-from').fill('0.5')
  await expect(page.getByTestId('hopfield-cap-to-issues')).toHaveText('α to must be at least α from (0.5)')
  await expect(page.getByTestId('hopfield-cap-start')).toBeDisabled()
  await page.getByTestId('hopfield-cap-to').fill('2')
  await expect(page.getByTestId('hopfield-cap-to-issues')).toContainText('α to must be at most 1 (got 2)')
  await page.getByTestId('hopfield-cap-to').fill('0.6')
  await expect(page.getByTestId('hopfield-cap-to-issues')).toHaveCount(0)
  await page.getByTestId('hopfield-cap-from').fill('0.02')
  await expect(page.getByTestId('hopfield-cap-start')).toBeEnabled()
  await page.getByTestId('hopfield-cap-sweeps').fill('20000')
  await expect(page.getByTestId('hopfield-cap-sweeps-issues')).toHaveText('Max passes must be at most 1,000 (got 20,000)')

  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-tab-sweep').click()
  await page.getByTestId('sweep-sizes').fill('8')
  await expect(page.getByTestId('sweep-binder-one-size')).toHaveText('this sweep has one lattice size (L = 8): the crossing needs two or more.')
  await page.getByTestId('sweep-sizes').fill('8, 16, 32')
  await expect(page.getByTestId('sweep-binder-one-size')).toHaveCount(0)
  await expect(page.getByTestId('sweep-binder')).not.toContainText('two lattice sizes')
  await page.getByTestId('sweep-sizes').fill('8, 2000')
  await expect(page.getByTestId('sweep-sizes-issues')).toHaveText('Sizes L, value 2 must be at most 1,024 (got 2,000)')
  await page.getByTestId('sweep-sizes').fill('8, x')
  await expect(page.getByTestId('sweep-sizes-issues')).toHaveText('Sizes L: “x” is not a number')
})

test('the Datasets tab names only panels that read its datasets (Medium 8)', async ({ page }) => {
  await open(page, 'ising', 'ising-tab-datasets')
  const nav = await page.locator('[data-testid^="nav-"]').allTextContents()
  const note = page.locator('.tab-empty')
  await expect(note).toContainText('stored as a run (kind ising.dataset) and listed in Runs')
  // The Autoencoder panel reads Ising datasets (Fig. 14); a panel that is not in the navigation is never promised.
  expect(nav.some((n) => /autoencoder/i.test(n))).toBe(true)
  await expect(note).toContainText(/Autoencoder( and [\w ]+)? panels? reads? it/)
  if (!nav.some((n) => /boltzmann|rbm/i.test(n))) await expect(note).not.toContainText(/Boltzmann|RBM/)
})
