// The Boltzmann-machine panel end to end: the worked Gibbs step, training a small machine on
// digits, its dreams and a completion of a half-blanked digit (with the Hopfield recall beside
// it), the thermodynamics view, a stored run reopened from Runs, and bad input refused with a
// clear message and nothing stored — from the form and straight through the service.
// SCREENS_DIR=<dir> also keeps a screenshot of every view.
import { expect, test, type Page } from '@playwright/test'
import WebSocket from 'ws'
import { decodeMessage, encodeMessage } from '../../src/shared/codec'
import { startLab, type RunningLab } from './lab'

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENS_DIR
  if (dir) await page.screenshot({ path: `${dir}/rbm-${name}.png`, fullPage: true })
}

/** A screenshot of one part of the page, scrolled into view (the panel scrolls inside the window). */
async function shotOf(page: Page, testid: string, name: string): Promise<void> {
  const dir = process.env.SCREENS_DIR
  if (!dir) return
  await page.getByTestId(testid).scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${dir}/rbm-${name}.png` })
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`rbm-tab-${tab}`).click()
}

/** One call to the lab service over browser mode's WebSocket, as the page makes them: its envelope. */
async function callService(method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const url = new URL(lab.url)
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { origin: lab.origin })
  ws.binaryType = 'arraybuffer'
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const answer = new Promise<unknown>((resolve) =>
    ws.on('message', (data: ArrayBuffer) => {
      const msg = decodeMessage(new Uint8Array(data)) as { id?: number; envelope?: unknown }
      if (msg.id === 1) resolve(msg.envelope)
    })
  )
  ws.send(encodeMessage({ id: 1, method, input }))
  const envelope = (await answer) as { ok: boolean; value?: unknown; error?: { message: string } }
  ws.close()
  return envelope
}

const storedRuns = async (): Promise<number> => ((await callService('runs.list', {})).value as unknown[]).length

test('the worked example: the printed rule gives Eq. 25, the standard rule its opposite, and the counts say which samples P', async ({ page }) => {
  await page.goto(lab.url)
  await page.getByTestId('nav-boltzmann').click()
  await expect(page.getByTestId('rbm-worked')).toBeVisible()
  for (let k = 0; k < 4; k++) await page.getByTestId('rbm-worked-next').click()
  await expect(page.getByTestId('rbm-worked-verdict')).toContainText('Printed rule: h = (1, 0, 0, 0, 1) — the paper’s Eq. 25. Standard rule: h = (0, 1, 1, 1, 0)')
  await page.getByTestId('rbm-worked-draws').selectOption('100000')
  // unit 2 has P = 0.8452: on ≈ 85 % of the time by the standard rule, ≈ 15 % by the printed one
  const standard = Number(await page.getByTestId('rbm-freq-standard').nth(1).textContent())
  const printed = Number(await page.getByTestId('rbm-freq-printed').nth(1).textContent())
  expect(Math.abs(standard - 0.8452)).toBeLessThan(0.01)
  expect(Math.abs(printed - 0.1548)).toBeLessThan(0.01)
  await page.getByTestId('rbm-worked-next').click()
  await page.getByTestId('rbm-worked-next').click()
  await shot(page, 'worked')
})

test('train a small machine on digits, dream from it, complete a half-blanked digit beside a Hopfield recall, reopen the training from Runs', async ({ page }) => {
  test.setTimeout(240_000)
  await page.goto(lab.url)
  await page.getByTestId('nav-boltzmann').click()
  await openTab(page, 'train')
  await expect(page.getByTestId('rbm-train-empty')).toBeVisible()
  await shot(page, 'train-empty')
  await page.getByTestId('rbm-preset').selectOption('quick-digits')
  // the preset as it comes (784 × 64, PCD-1, 5 epochs: seconds), so the screenshots show what a user gets
  await page.getByTestId('rbm-seed').fill('7')
  await page.getByTestId('rbm-train-start').click()
  const view = page.getByTestId('rbm-train-view')
  await expect(view).toHaveAttribute('data-status', 'done', { timeout: 120_000 })
  await expect(page.getByTestId('rbm-chart-recon').locator('[role=img]')).toHaveAttribute('aria-label', /reconstruction error = 0\.\d/)
  await expect(page.getByTestId('rbm-ll')).toContainText(/−\d+|-\d+/)
  await expect(page.getByTestId('rbm-weights').getByTestId('weight-unit')).toHaveCount(64)
  await expect(page.getByTestId('rbm-hidden-histogram')).toBeVisible()
  await expect(page.getByTestId('rbm-tracking-note')).toContainText('do not track the likelihood')
  await shot(page, 'train-done')
  await shotOf(page, 'rbm-weights', 'train-weights')

  // dreams: the machine just trained is chosen; the chains' pictures appear and the run ends
  await openTab(page, 'dream')
  await page.getByTestId('rbm-dream-chains').fill('12')
  await page.getByTestId('rbm-dream-sweeps').fill('300')
  await page.getByTestId('rbm-dream-start').click()
  await expect(page.getByTestId('rbm-dreams')).toHaveAttribute('data-count', '12', { timeout: 60_000 })
  await expect(page.getByTestId('rbm-dream-view')).toHaveAttribute('data-status', 'done', { timeout: 60_000 })
  await expect(page.getByTestId('rbm-dream-result')).toContainText('near-blank')
  await shot(page, 'dream-done')

  // completion of the bottom half of test digit 3, and the Hopfield recall of the same corrupted digit
  await openTab(page, 'complete')
  await page.getByTestId('rbm-complete-item').fill('3')
  await expect(page.getByTestId('rbm-complete-preview')).toBeVisible()
  await page.getByTestId('rbm-complete-sweeps').fill('100')
  await page.getByTestId('rbm-complete-start').click()
  await expect(page.getByTestId('rbm-complete-view')).toHaveAttribute('data-status', 'done', { timeout: 60_000 })
  await expect(page.getByTestId('rbm-complete-result')).toBeVisible()
  await expect(page.getByTestId('rbm-complete-single-chains')).toHaveAttribute('data-count', '12')
  await expect(page.getByTestId('rbm-complete-result-text')).toContainText('blanked pixels wrong')
  await expect(page.getByTestId('rbm-complete-hopfield')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('rbm-complete-hopfield-text')).toContainText('Hopfield')
  await shot(page, 'complete-done')

  // the training reopens from Runs with the same view
  await page.getByTestId('nav-runs').click()
  await page.getByRole('row', { name: /RBM 64 hidden/ }).first().click()
  await expect(page.getByTestId('rbm-train-view')).toHaveAttribute('data-status', 'done')
  await expect(page.getByTestId('rbm-weights').getByTestId('weight-unit')).toHaveCount(64)
  await expect(page.getByTestId('rbm-chart-recon')).toBeVisible()
  await shot(page, 'runs-train')
  // and so do the dream and the completion, the Hopfield recall beside it found by its name
  await page.getByRole('row', { name: /rbm\.dream/ }).first().click()
  await expect(page.getByTestId('rbm-dreams')).toHaveAttribute('data-count', '12')
  await expect(page.getByTestId('rbm-dream-result')).toContainText('near-blank')
  await page.getByRole('row', { name: /rbm\.complete/ }).first().click()
  await expect(page.getByTestId('rbm-complete-result')).toBeVisible()
  await expect(page.getByTestId('rbm-complete-hopfield')).toBeVisible()
  await shot(page, 'runs-complete')
})

test('the thermodynamics view draws e, |m|, C, χ and the relative entropy against T', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(lab.url)
  await page.getByTestId('nav-boltzmann').click()
  await openTab(page, 'thermo')
  await page.getByTestId('rbm-thermo-L').fill('3')
  await page.getByTestId('rbm-thermo-temperatures').fill('2, 3.5')
  await page.getByTestId('rbm-thermo-epochs').fill('5')
  await page.getByTestId('rbm-thermo-seeds').fill('2')
  await page.getByTestId('rbm-thermo-start').click()
  const view = page.getByTestId('rbm-thermo-view')
  await expect(view).toHaveAttribute('data-status', 'done', { timeout: 150_000 })
  await expect(view).toHaveAttribute('data-machines', '4')
  for (const q of ['e', 'absM', 'C', 'chi', 'kl']) await expect(page.getByTestId(`rbm-thermo-${q}`)).toBeVisible()
  await expect(page.getByTestId('rbm-thermo-e').locator('[role=img]')).toHaveAttribute('aria-label', /exact, L = 3 = -?\d/)
  await expect(page.getByTestId('rbm-thermo-table').locator('tbody tr')).toHaveCount(4)
  await shot(page, 'thermo-done')
})

test('the paper as printed: with both errors the reconstruction error falls like the corrected run’s, the relative entropy does not', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(lab.url)
  await page.getByTestId('nav-boltzmann').click()
  await openTab(page, 'train')
  const view = page.getByTestId('rbm-train-view')
  const trainPreset = async (id: string): Promise<void> => {
    await page.getByTestId('rbm-preset').selectOption(id)
    await page.getByTestId('rbm-epochs').fill('40')
    await page.getByTestId('rbm-seed').fill('3')
    await page.getByTestId('rbm-train-start').click()
    await expect(view).toHaveAttribute('data-status', 'done', { timeout: 120_000 })
  }
  await trainPreset('paper-reference')
  const corrected = Number(await view.getAttribute('data-run'))
  await trainPreset('paper-printed-both')
  await expect(page.getByTestId('rbm-printed-note')).toContainText('only the likelihood shows')
  // the corrected run laid over the printed one: its curves appear dashed beside each chart
  await page.getByTestId('rbm-compare').selectOption(String(corrected))
  await expect(page.getByTestId('rbm-chart-kl').locator('[role=img]')).toHaveAttribute('aria-label', new RegExp(`#${corrected}`))
  const kl = (await page.getByTestId('rbm-train-results').textContent()) ?? ''
  // the printed pair's final relative entropy is of order nats; the corrected run's is hundredths
  expect(Number(/Relative entropy to the Ising model\s*([\d.]+)/.exec(kl)?.[1])).toBeGreaterThan(1)
  await shotOf(page, 'rbm-train-charts', 'printed-both')
})

test('movie ratings: the generator in words, held-out predictions against the popularity baseline, hidden units read as genres', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(lab.url)
  await page.getByTestId('nav-boltzmann').click()
  await openTab(page, 'movies')
  await expect(page.getByTestId('rbm-movies-generator')).toContainText('genre')
  await page.getByTestId('rbm-movies-start').click()
  await expect(page.getByTestId('rbm-movies-view')).toHaveAttribute('data-status', 'done', { timeout: 150_000 })
  const pctOf = async (id: string): Promise<number> => Number.parseFloat((await page.getByTestId(id).textContent()) ?? '')
  expect(await pctOf('rbm-movies-spin')).toBeGreaterThan(await pctOf('rbm-movies-popularity'))
  await expect(page.getByTestId('rbm-genre-map')).toBeVisible()
  await shot(page, 'movies-done')
})

test('bad input is refused with a clear message and nothing is stored: k < 1 and NaN in the form; values that are not 0/1, a wrong shape, NaN through the service', async ({ page }) => {
  await page.goto(lab.url)
  await page.getByTestId('nav-boltzmann').click()
  await openTab(page, 'train')
  const before = await storedRuns()
  await page.getByTestId('rbm-k').fill('0')
  await page.getByTestId('rbm-lr').fill('NaN')
  await page.getByTestId('rbm-train-start').click()
  const issues = page.getByTestId('rbm-train-issues')
  await expect(issues).toContainText('Gibbs steps k must be at least 1')
  await expect(issues).toContainText('Learning rate must be a number (got “NaN”)')
  await shot(page, 'train-bad-input')
  await page.getByTestId('rbm-k').fill('1')
  await page.getByTestId('rbm-lr').fill('0.1')
  await expect(issues).toHaveCount(0)
  expect(await storedRuns()).toBe(before)

  const train = (params: unknown) => callService('jobs.start', { kind: 'rbm.train', params })
  const complete = (params: unknown) => callService('jobs.start', { kind: 'rbm.complete', params })
  expect((await train({ k: 0 })).error?.message).toMatch(/Gibbs steps k must be at least 1/)
  // NaN cannot cross JSON: it arrives as null, which is not a number
  expect((await train({ lr: Number.NaN })).error?.message).toMatch(/lr/)
  // a machine to complete with, then digits of the wrong shape and with values that are not 0/1
  const started = (await train({ data: { source: 'mnist', trainSize: 100 }, hidden: 4, epochs: 1, ais: null })).value as { runId: number }
  const runId = started.runId
  await expect.poll(async () => ((await callService('runs.get', { runId })).value as { status: string }).status, { timeout: 60_000 }).toBe('done')
  const count = await storedRuns()
  expect((await complete({ machine: { runId }, values: Array.from({ length: 700 }, () => 0) })).error?.message).toMatch(/784 visible units but each sample of the digit to complete has 700 values/)
  expect((await complete({ machine: { runId }, values: Array.from({ length: 784 }, (_, i) => (i === 9 ? 0.5 : 0)) })).error?.message).toMatch(/must be 0 or 1/)
  expect(await storedRuns()).toBe(count)
})
