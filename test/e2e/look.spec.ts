import { expect, test } from '@playwright/test'
import { startLab, type RunningLab } from './lab'

// How the lab looks (issue 13, Low: charts and the dark theme): charts take the width they are
// given and open full-size with zoom and pan; the theme follows the system until the user
// picks one, and the pick survives a reload; canvases are painted for the theme in force.

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

test('charts grow with the window and open full-size, where the wheel zooms and Reset zoom comes back', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(lab.url)
  await page.getByTestId('nav-hopfield').click()
  await page.getByTestId('hopfield-tab-capacity').click()
  const chart = page.getByTestId('hopfield-capacity-biterror')
  await expect(chart).toBeVisible()
  // Three charts side by side share the width beside the form: far more than the ~270 px they had.
  expect((await chart.boundingBox())!.width).toBeGreaterThan(420)
  await page.getByTestId('hopfield-capacity-biterror-expand').click()
  const dialog = page.getByTestId('chart-dialog')
  await expect(dialog).toBeVisible()
  const big = dialog.locator('[role=img]')
  const box = (await big.boundingBox())!
  expect(box.width).toBeGreaterThan(1400)
  expect(box.height).toBeGreaterThan(700)
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.wheel(0, -600)
  await expect(big).toHaveAttribute('data-x-range', /…/)
  const zoomed = await big.getAttribute('data-x-range')
  const [lo, hi] = zoomed!.split('…').map(Number)
  expect(hi - lo).toBeLessThan(0.3)
  await page.getByTestId('chart-dialog-reset').click()
  await expect(big).not.toHaveAttribute('data-x-range', zoomed!)
  const [lo2, hi2] = (await big.getAttribute('data-x-range'))!.split('…').map(Number)
  expect(hi2 - lo2).toBeGreaterThan(hi - lo)
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
})

test('the theme follows the system until one is chosen; the choice survives a reload and repaints the canvases', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(lab.url)
  const html = page.locator('html')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(html).toHaveAttribute('data-theme', 'light')
  // The Hopfield grid's −1 pixels are the page's light "paper" here…
  await page.getByTestId('nav-hopfield').click()
  const grid = page.getByTestId('hopfield-input-grid')
  const corner = async (): Promise<number[]> =>
    grid.evaluate((el) => {
      // Browser types, written here because the tests' tsconfig has no DOM library.
      type Canvas = { width: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } }
      const node = el as unknown as { tagName: string; querySelector(s: string): unknown }
      const canvas = (node.tagName === 'CANVAS' ? node : node.querySelector('canvas')) as Canvas
      // Column 2 of the default vertical stripes is −1.
      return Array.from(canvas.getContext('2d').getImageData(Math.floor(canvas.width * 0.3), 2, 1, 1).data).slice(0, 3)
    })
  await expect.poll(corner).toEqual([241, 245, 249])
  await page.getByTestId('theme-dark').check()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  // …and a dark ground once the user picks Dark, kept after a reload although the system is light.
  await expect.poll(corner).toEqual([17, 24, 39])
  await page.reload()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByTestId('theme-dark')).toBeChecked()
  await expect(html).toHaveCSS('background-color', 'rgb(15, 19, 24)')
  await page.getByTestId('theme-system').check()
  await expect(html).toHaveAttribute('data-theme', 'light')
})
