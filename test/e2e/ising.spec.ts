import { expect, test } from '@playwright/test'
import { startLab, type RunningLab } from './lab'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

async function readAbsM(page: import('@playwright/test').Page): Promise<number> {
  return Number((await page.getByTestId('ising-absm').textContent())?.trim())
}

test('a request without the token is refused', async ({ request }) => {
  const res = await request.get(`${lab.origin}/`)
  expect(res.status()).toBe(401)
  expect(await res.text()).toContain('token')
})

test('live lattice: the temperature slider moves the magnetization; a kept run survives a reload', async ({ page }) => {
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-L').selectOption('48')
  await page.getByTestId('ising-seed').fill('7')
  await page.getByTestId('ising-temperature').fill('1.5')
  await page.getByTestId('ising-start').click()

  // Ordered phase: |m| climbs towards Onsager's 0.99 at T = 1.5.
  await expect.poll(() => readAbsM(page), { timeout: 30_000 }).toBeGreaterThan(0.8)
  // Heat far above Tc while it runs: the order melts.
  await page.getByTestId('ising-temperature').fill('4')
  await expect.poll(() => readAbsM(page), { timeout: 30_000 }).toBeLessThan(0.3)

  await page.getByTestId('ising-keep').click()
  await page.reload()
  await page.getByTestId('nav-runs').click()
  const row = page.getByTestId('runs-row').filter({ hasText: 'ising.live' }).first()
  await expect(row).toBeVisible()
  await row.click()
  await expect(page.getByTestId('run-detail')).toBeVisible()
  await expect(page.getByTestId('run-chart').first()).toBeVisible()
  await expect.poll(async () => Number(await page.getByTestId('run-points').textContent()), { timeout: 15_000 }).toBeGreaterThan(10)
})
