import { expect, test, type Locator, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

async function openHopfield(page: Page): Promise<void> {
  await page.goto(lab.url)
  await page.getByTestId('nav-hopfield').click()
  await expect(page.getByTestId('hopfield-input-grid')).toBeVisible()
}

async function clearLibrary(page: Page): Promise<void> {
  await page.getByTestId('hopfield-clear-library').click()
  await page.getByTestId('hopfield-clear-library-confirm').click()
  await expect(page.getByTestId('hopfield-library-empty')).toBeVisible()
}

async function setGrid(page: Page, w: number, h: number): Promise<void> {
  await page.getByTestId('hopfield-width').fill(String(w))
  await page.getByTestId('hopfield-width').press('Tab')
  await page.getByTestId('hopfield-height').fill(String(h))
  await page.getByTestId('hopfield-height').press('Tab')
}

/** Drag from cell (c0, r0) to cell (c1, r1) of an 8×8 canvas grid with the given mouse button. */
async function drag(page: Page, grid: Locator, cols: number, from: [number, number], to: [number, number], button: 'left' | 'right' = 'left'): Promise<void> {
  const box = (await grid.boundingBox())!
  const cell = box.width / cols
  const at = ([c, r]: [number, number]) => [box.x + (c + 0.5) * cell, box.y + (r + 0.5) * cell] as const
  await page.mouse.move(...at(from))
  await page.mouse.down({ button })
  await page.mouse.move(...at(to), { steps: 8 })
  await page.mouse.up({ button })
}

const state = (l: Locator): Promise<string | null> => l.getAttribute('data-state')

test('draw a pattern with the mouse, store it, corrupt 20 %, recall: the final grid is the stored pattern and E never rises', async ({ page }) => {
  await openHopfield(page)
  await clearLibrary(page)
  await setGrid(page, 8, 8)
  const input = page.getByTestId('hopfield-input-grid')
  await expect(input).toHaveAttribute('data-width', '8')
  await page.getByTestId('hopfield-clear').click()

  // A "T": the bar along row 1 (columns 1..6), the stem down column 3 (rows 1..6); then the
  // right button erases the bar's last two cells back to −1.
  await drag(page, input, 8, [1, 1], [6, 1])
  await drag(page, input, 8, [3, 1], [3, 6])
  await drag(page, input, 8, [5, 1], [6, 1], 'right')
  const expected = Array.from({ length: 64 }, () => '-')
  for (let c = 1; c <= 4; c++) expected[8 + c] = '+'
  for (let r = 1; r <= 6; r++) expected[r * 8 + 3] = '+'
  const drawn = expected.join('')
  await expect(input).toHaveAttribute('data-state', drawn)

  await page.getByTestId('hopfield-store').click()
  await expect(page.getByTestId('hopfield-library-count')).toHaveAttribute('data-count', '1')
  const stored = page.getByTestId('hopfield-pattern').first()
  expect(await state(stored)).toBe(drawn)

  await page.getByTestId('hopfield-flip-percent').fill('20')
  await page.getByTestId('hopfield-flip').click()
  // round(0.2 · 64) = 13 pixels differ from the stored pattern.
  const corrupted = (await state(input))!
  expect([...corrupted].filter((ch, i) => ch !== drawn[i]).length).toBe(13)

  await page.getByTestId('hopfield-recall').click()
  // The replay animates: a neuron is outlined while it plays.
  const net = page.getByTestId('hopfield-network-grid')
  await expect(page.getByTestId('hopfield-replay')).toHaveAttribute('data-phase', /playing|end/, { timeout: 30_000 })
  await expect.poll(async () => Number(await net.getAttribute('data-highlight')), { timeout: 15_000 }).toBeGreaterThanOrEqual(0)
  await expect(page.getByTestId('hopfield-replay')).toHaveAttribute('data-phase', 'end', { timeout: 60_000 })

  const outcome = page.getByTestId('hopfield-outcome')
  await expect(outcome).toHaveAttribute('data-outcome', 'recalled')
  await expect(outcome).toHaveAttribute('data-index', '0')
  await expect(outcome).toContainText('Recalled pattern #1')
  expect(await state(net)).toBe(drawn)

  const energies = (await page.getByTestId('hopfield-energy').getAttribute('data-energies'))!.split(',').map(Number)
  expect(energies.length).toBeGreaterThan(10)
  for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeLessThanOrEqual(energies[k - 1] + 1e-9)
  expect(energies[energies.length - 1]).toBeLessThan(energies[0])
})

test('bad input: an empty library, a grid outside 4..64, p > N for the pseudo-inverse, mismatched sizes — a clear message, nothing changed', async ({ page }) => {
  await openHopfield(page)
  await clearLibrary(page)

  // Recall with an empty library: the schema's message, no job started.
  await page.getByTestId('hopfield-recall').click()
  await expect(page.getByTestId('hopfield-recall-problems')).toContainText('the pattern library is empty')
  await expect(page.getByTestId('hopfield-replay')).toHaveAttribute('data-phase', 'empty')
  await expect(page.getByTestId('hopfield-network-empty')).toBeVisible()

  // A grid of 65 columns: refused, the grid stays 4×4, the field keeps what was typed and the
  // message follows it (issue 13, Medium 7): gone as soon as the field holds a size again.
  await page.getByTestId('hopfield-width').fill('65')
  await page.getByTestId('hopfield-width').press('Tab')
  await expect(page.getByTestId('hopfield-grid-problem')).toContainText('from 4 to 64 (got 65)')
  await expect(page.getByTestId('hopfield-input-grid')).toHaveAttribute('data-width', '4')
  await expect(page.getByTestId('hopfield-width')).toHaveValue('65')
  await page.getByTestId('hopfield-width').fill('2')
  await expect(page.getByTestId('hopfield-grid-problem')).toContainText('(got 2)')
  await page.getByTestId('hopfield-width').fill('4')
  await expect(page.getByTestId('hopfield-grid-problem')).toHaveCount(0)

  // 17 random patterns on 16 neurons with the pseudo-inverse rule.
  await page.getByTestId('hopfield-preset').selectOption('random')
  await page.getByTestId('hopfield-preset-count').fill('17')
  await page.getByTestId('hopfield-preset-replace').click()
  await expect(page.getByTestId('hopfield-library-count')).toHaveAttribute('data-count', '17')
  await page.getByTestId('hopfield-rule').selectOption('pseudoinverse')
  await page.getByTestId('hopfield-recall').click()
  await expect(page.getByTestId('hopfield-recall-problems')).toContainText('the pseudo-inverse rule stores at most N = 16 patterns (got 17)')
  await expect(page.getByTestId('hopfield-replay')).toHaveAttribute('data-phase', 'empty')

  // Letters at 10×12 added to a library of 4×4 patterns: refused, the library keeps its 17.
  await page.getByTestId('hopfield-preset').selectOption('letters')
  await page.getByTestId('hopfield-preset-size').selectOption('10x12')
  await page.getByTestId('hopfield-preset-add').click()
  await expect(page.getByTestId('hopfield-library-problem')).toContainText('mismatched size')
  await expect(page.getByTestId('hopfield-library-count')).toHaveAttribute('data-count', '17')
  await expect(page.getByTestId('hopfield-input-grid')).toHaveAttribute('data-width', '4')
})
