// Screenshots of the Runs panel (not part of `npm test`) on a history made by the command line:
// the list, a comparison of two sweeps (Metropolis vs Wolff, L = 4 and 8, error bars) and of
// two trainings, a run with tags and a note, and the import dialog with two shards — at
// 1360×880, 1024×700 and 1920×1080, light and dark (runs-<shot>-<width>[-dark].png). Run: SCREENS_DIR=/tmp/screens npx playwright test -c playwright.screens.config.ts history
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from '../e2e/lab'

const dir = process.env.SCREENS_DIR ?? 'test-results/screens'
const bin = join(__dirname, '..', '..', 'bin', 'physml.js')
let lab: RunningLab
let shards: string[] = []

test.beforeAll(async () => {
  test.setTimeout(600_000)
  mkdirSync(dir, { recursive: true })
  const data = mkdtempSync(join(tmpdir(), 'physml-screens-'))
  const physml = (...args: string[]): void => void execFileSync(process.execPath, [bin, ...args, '--data', data], { stdio: 'pipe' })
  const sweep = { sizes: [4, 8], range: { Tmin: 1.6, Tmax: 3.2, points: 9 }, equilibrationSweeps: 300, measurementSweeps: 3000 }
  physml('run', 'ising.sweep', '--params', JSON.stringify({ ...sweep, algorithm: 'metropolis' }), '--seed', '1', '--name', 'L = 4, 8 Metropolis')
  physml('run', 'ising.sweep', '--params', JSON.stringify({ ...sweep, algorithm: 'wolff' }), '--seed', '2', '--name', 'L = 4, 8 Wolff')
  physml('run', 'ising.hysteresis', '--params', JSON.stringify({ L: 16, T: 1.5, Bmax: 1, steps: 21, equilibrationSweeps: 50, measurementSweeps: 100 }), '--seed', '3', '--name', 'hysteresis at T = 1.5')
  const net = { layers: [784, 32, 10], hiddenActivation: 'relu', outputActivation: 'softmax', loss: 'crossEntropy', optimizer: 'adam', lr: 0.002, epochs: 2, batchSize: 64, init: 'he', inputScaling: 'unit' }
  physml('run', 'network.train', '--params', JSON.stringify(net), '--seed', '4', '--name', 'MLP 784-32-10 Adam')
  physml('run', 'network.train', '--params', JSON.stringify({ ...net, optimizer: 'sgd', lr: 0.1 }), '--seed', '4', '--name', 'MLP 784-32-10 SGD')
  const cnn = { architecture: [{ type: 'conv', filters: 2, kernel: 4, stride: 4 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 10 }], epochs: 1, trainSize: 64, batchSize: 32 }
  physml('run', 'cnn.train', '--params', JSON.stringify(cnn), '--seed', '7', '--name', 'A tiny convolutional network with a long name: one conv of stride 4, then dense')
  physml('run', 'hopfield.capacity', '--params', JSON.stringify({ N: 64, trials: 4 }), '--seed', '5', '--name', 'capacity N = 64')
  shards = [0, 1].map((i) => join(data, `shard-${i}.physml`))
  for (const [i, file] of shards.entries())
    physml('run', 'ising.dataset', '--params', JSON.stringify({ L: 8, temperatures: [1.5, 2.27, 3], samples: 20 }), '--seed', '6', '--shard', `${i}/2`, '--bundle', file)
  lab = await startLab(data)
})
test.afterAll(async () => {
  await lab.stop()
})

async function shots(page: Page, w: number, h: number, theme: 'light' | 'dark' = 'light'): Promise<void> {
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(dir, `runs-${name}-${w}${theme === 'dark' ? '-dark' : ''}.png`) })
  await page.setViewportSize({ width: w, height: h })
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(lab.url)
  await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear())
  await page.getByTestId('nav-runs').click()
  await expect(page.getByTestId('runs-row')).toHaveCount(9)
  await shot('list')

  const row = (name: string) => page.getByTestId('runs-row').filter({ hasText: name })
  await row('Metropolis').getByTestId('runs-select').check()
  await row('Wolff').getByTestId('runs-select').check()
  await page.getByTestId('runs-compare').click()
  await page.getByTestId('compare-series').selectOption('chi')
  await page.waitForTimeout(700)
  await shot('compare-sweeps')
  await page.getByTestId('runs-clear-selection').click()
  await row('Adam').getByTestId('runs-select').check()
  await row('SGD').getByTestId('runs-select').check()
  await page.getByTestId('runs-compare').click()
  await page.waitForTimeout(700)
  await shot('compare-trainings')
  await page.getByTestId('runs-clear-selection').click()

  await row('Adam').click()
  const detail = page.getByTestId('run-detail')
  // Loaded before its tags are counted: a count of a detail still loading would star it again (unstar).
  await expect(detail.getByTestId('run-seed')).toHaveText('4')
  if ((await detail.getByTestId('run-tag').count()) === 0) {
    for (const t of ['paper fig 9', 'baseline']) {
      await detail.getByTestId('run-tag-input').fill(t)
      await detail.getByTestId('run-tag-input').press('Enter')
    }
    await detail.getByTestId('run-note').fill('Adam at lr 2e-3 reaches ~95 % in two epochs; SGD at lr 0.1 trails by a few points.')
    await detail.getByTestId('run-note').blur()
    await detail.getByTestId('run-star').click()
  }
  await page.waitForTimeout(500)
  await shot('detail')
  await row('tiny convolutional').click()
  await page.waitForTimeout(500)
  await shot('detail-cnn')
  await page.getByTestId('run-detail').getByTestId('run-rename').click()
  await page.getByTestId('run-detail').getByTestId('run-rename-input').fill('')
  await page.getByTestId('run-detail').getByTestId('run-rename-input').press('Enter')
  await shot('rename-empty')
  await page.getByTestId('run-detail').getByRole('button', { name: 'Cancel' }).click()

  await page.getByTestId('runs-import-file').setInputFiles(shards)
  await page.getByTestId('runs-import-merge').check()
  await shot('import')
  await page.getByTestId('runs-import-go').click()
  await expect(page.getByTestId('runs-import-note')).toContainText('Merged 2 shards')
  await page.waitForTimeout(700)
  await shot('merged')
  // Keep the merged run out of the next size's list: the same history at both sizes.
  await page.getByTestId('run-delete').click()
  await page.getByTestId('run-delete-confirm').click()
}

test('runs panel', async ({ page }) => {
  test.setTimeout(300_000)
  await shots(page, 1360, 880)
  for (const theme of ['light', 'dark'] as const) {
    await shots(page, 1024, 700, theme)
    await shots(page, 1920, 1080, theme)
  }
  // A paused live run (scratch) in the list, beside its detail.
  await page.getByTestId('nav-ising').click()
  await page.getByTestId('ising-start').click()
  await page.getByTestId('ising-pause').click()
  await expect(page.getByTestId('ising-status')).toHaveAttribute('data-phase', 'paused')
  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-include-scratch').check()
  await page.getByTestId('runs-row').filter({ hasText: 'ising.live' }).click()
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(dir, `runs-paused-scratch-1920${theme === 'dark' ? '-dark' : ''}.png`) })
  }
})
