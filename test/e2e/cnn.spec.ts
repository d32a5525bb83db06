import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { expect, test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from './lab'
import { dropFile } from './dropFile'

// The CNN panel in browser mode: the worked example's geometry check, the Fig. 12 grid on
// the bundled cat (and bad images refused without changing it), the architecture builder's
// live check, and a small training run opened in Inspect for a chosen digit's feature maps.

let lab: RunningLab
test.beforeAll(async () => {
  lab = await startLab()
})
test.afterAll(async () => {
  await lab.stop()
})

/** A real grey PNG of w×h pixels (all mid-grey): to check the size limit with a decodable file. */
function greyPng(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (b: Buffer): number => {
    let c = 0xffffffff
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const raw = Buffer.alloc((w + 1) * h, 128)
  for (let y = 0; y < h; y++) raw[y * (w + 1)] = 0 // filter: none
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

async function openCnn(page: Page, tab: string): Promise<void> {
  await page.goto(lab.url)
  await page.getByTestId('nav-cnn').click()
  await page.getByTestId(`cnn-tab-${tab}`).click()
}

test('worked example: 5×5 at stride 1, 3×3 at stride 2, and a refused stride keeps the values', async ({ page }) => {
  await openCnn(page, 'worked')
  await expect(page.getByTestId('we-output')).toHaveAttribute('data-size', '5')
  await page.getByTestId('we-next').click()
  await expect(page.getByTestId('we-step')).toHaveText('step 2 of 25')
  await expect(page.getByTestId('we-arithmetic')).toContainText('= −1')
  await page.getByTestId('we-preset-stride2').click()
  await expect(page.getByTestId('we-output')).toHaveAttribute('data-size', '3')
  await page.getByTestId('we-preset-same').click()
  await expect(page.getByTestId('we-output')).toHaveAttribute('data-size', '6')

  await page.getByTestId('we-preset-stride1').click()
  await page.getByTestId('we-stride').fill('3')
  const err = page.getByTestId('we-geometry-error')
  await expect(err).toContainText('(6 + 2·0 − 2)/3 + 1 = 2.333')
  await expect(err).toContainText('not an integer')
  await expect(page.getByTestId('we-output')).toHaveCount(0)
  await page.getByTestId('we-stride').fill('0')
  await expect(err).toContainText('never moves the window')
  await page.getByTestId('we-kernel').selectOption('7')
  await page.getByTestId('we-stride').fill('1')
  await expect(err).toContainText('kernel 7 is larger than the padded input 6 + 2·0 = 6')
  // Nothing changed: the image is still the paper's X.
  await expect(page.getByTestId('we-image').locator('input').first()).toHaveValue('2')
  await err.getByRole('button').first().click()
  await expect(err).toHaveCount(0)
})

test('hand-made filters on the cat: two layers, six maps; a bad file is refused and nothing changes', async ({ page }) => {
  await openCnn(page, 'filters')
  await expect(page.getByTestId('filter-input')).toHaveAttribute('data-width', '451')
  await page.getByTestId('filters-layers').selectOption('2')
  const grid = page.getByTestId('fig12-grid')
  await expect(grid).toHaveAttribute('data-rows', '2')
  await expect(grid).toHaveAttribute('data-cols', '3')
  await expect(page.getByTestId('feature-map')).toHaveCount(6)
  await expect(page.locator('.fig12 .note')).toContainText('448×300')
  // Every map has been drawn.
  await expect.poll(async () => page.getByTestId('feature-map').evaluateAll((cs) => cs.every((c) => Number(c.getAttribute('data-draws') ?? 0) > 0))).toBe(true)

  // Not an image, and an empty file: a clear message, the cat and its six maps stay.
  await page.getByTestId('src-file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not a picture') })
  await expect(page.getByTestId('image-problem')).toContainText('notes.png: it is not a PNG or JPEG image')
  await page.getByTestId('src-file').setInputFiles({ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) })
  await expect(page.getByTestId('image-problem')).toContainText('empty.jpg is empty')
  await page.getByTestId('src-file').setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: greyPng(4097, 2) })
  await expect(page.getByTestId('image-problem')).toContainText('wide.png: the image is 4097×2 pixels; the largest accepted is 4096×4096')
  // Refused by the size its header declares, before the browser decodes (and allocates) anything:
  // these 33 bytes claim 16384×16384 pixels, a gigabyte of RGBA.
  const claim = Buffer.alloc(33)
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(claim)
  claim.writeUInt32BE(16384, 16)
  claim.writeUInt32BE(16384, 20)
  await page.getByTestId('src-file').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: claim })
  await expect(page.getByTestId('image-problem')).toContainText('huge.png: the image is 16384×16384 pixels; the largest accepted is 4096×4096. The current image is unchanged.')
  await expect(page.getByTestId('filter-input')).toHaveAttribute('data-width', '451')
  await expect(page.getByTestId('feature-map')).toHaveCount(6)
  // Decodable but too thin for the filters' pooling (issue 13, Medium 10): refused like the others.
  await page.getByTestId('src-file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: greyPng(1, 1) })
  await expect(page.getByTestId('image-problem')).toContainText("dot.png: the image is 1×1 pixels: the filters' layers of 2×2 pooling need at least 16 pixels on each side. The current image is unchanged.")
  await page.getByTestId('src-file').setInputFiles({ name: 'strip.png', mimeType: 'image/png', buffer: greyPng(2000, 3) })
  await expect(page.getByTestId('image-problem')).toContainText('strip.png: the image is 2000×3 pixels, 512×1 once its longer side is shrunk to 512')
  await expect(page.getByTestId('image-problem')).toContainText('The current image is unchanged.')
  await expect(page.getByTestId('filter-input')).toHaveAttribute('data-width', '451')
  await expect(page.getByTestId('feature-map')).toHaveCount(6)
  await expect(page.locator('.fig12 .error-box, .fig12 [role=alert]')).toHaveCount(0)

  // A picture of one's own: a real 600×200 PNG is shrunk to 512×171 (longer side 512).
  await page.getByTestId('src-file').setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: greyPng(600, 200) })
  await expect(page.getByTestId('filter-input')).toHaveAttribute('data-width', '512')
  await expect(page.getByTestId('image-problem')).toHaveCount(0)
  await expect(page.getByTestId('feature-map')).toHaveCount(6)

  // Drag and drop works the same way.
  await dropFile(page.getByTestId('image-source'), 'dropped.png', greyPng(64, 48), 'image/png')
  await expect(page.getByTestId('filter-input')).toHaveAttribute('data-width', '64')
  await expect(page.getByTestId('image-source')).toContainText('dropped.png')

  // A digit as the image: 28×28 padded to 32×32 for three layers.
  await page.getByTestId('src-digit').check()
  await expect(page.getByTestId('filter-input')).toHaveAttribute('data-width', '28')
  await page.getByTestId('filters-layers').selectOption('3')
  await expect(page.locator('.fig12 .note')).toContainText('zero-padded to 32×32')
  await expect(page.getByTestId('feature-map')).toHaveCount(9)
})

test('architecture builder: a stride that does not tile shows the formula and blocks training', async ({ page }) => {
  await openCnn(page, 'train')
  await expect(page.getByTestId('arch-summary')).toContainText('7 434 trainable parameters'.replace(' ', '\u2009'))
  await page.getByTestId('arch-stride').first().fill('2')
  await page.getByTestId('arch-stride').first().press('Tab')
  const err = page.getByTestId('arch-error')
  await expect(err).toContainText('(28 + 2·2 − 5)/2 + 1 = 14.5')
  await expect(page.getByTestId('train-start')).toBeDisabled()
  // A suggestion fixes this layer (a later one may then need its own fix: the builder says so).
  await err.getByTestId('arch-suggestion').first().click()
  await expect(page.getByTestId('arch-layer').first().getByTestId('arch-error')).toHaveCount(0)
  await expect(page.getByTestId('arch-shape').first()).not.toHaveText('✕')
  await page.getByTestId('arch-lenet').click()
  await expect(page.getByTestId('train-start')).toBeEnabled()
})

test('architecture builder: a kernel of 10⁹ is answered by the geometry helper about that kernel, never an exception (issue 13, Medium 6)', async ({ page }) => {
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await openCnn(page, 'train')
  const kernel = page.getByTestId('arch-kernel').first()
  const err = page.getByTestId('arch-layer').first().getByTestId('arch-error')
  await kernel.fill('1000000000')
  await expect(err).toContainText('convolution kernel 1000000000 is larger than the padded input 28 + 2·2 = 32')
  await expect(kernel).toHaveValue('1000000000')
  await expect(page.getByTestId('train-start')).toBeDisabled()
  // The message follows the value typed now, not the one before.
  await kernel.fill('40')
  await expect(err).toContainText('convolution kernel 40 is larger than the padded input 28 + 2·2 = 32')
  await expect(err).not.toContainText('1000000000')
  // A stride of 2.5 is not a whole number (not "never moves the window").
  await kernel.fill('5')
  await page.getByTestId('arch-stride').first().fill('2.5')
  await expect(err).toContainText('stride must be a whole number ≥ 1 (got 2.5): the window moves by whole pixels')
  await page.getByTestId('arch-stride').first().fill('1')
  await expect(err).toHaveCount(0)
  await expect(page.getByTestId('train-start')).toBeEnabled()
  expect(pageErrors).toEqual([])
})

test('CNN training settings: a seed is checked as it is typed, batches per epoch only for a batch size there is', async ({ page }) => {
  await openCnn(page, 'train')
  await page.getByTestId('train-seed').fill('xyz')
  await expect(page.getByTestId('train-seed-issues')).toContainText('Seed must be empty (a random one) or a whole number')
  await expect(page.getByTestId('train-start')).toBeDisabled()
  await page.getByTestId('train-seed').fill('7')
  await expect(page.getByTestId('train-seed-issues')).toHaveCount(0)
  await page.getByTestId('train-batch').fill('0')
  await expect(page.locator('.settings')).toContainText('Batch size must be at least 1 (got 0)')
  await expect(page.locator('.settings .hint')).not.toContainText('batches')
  await page.getByTestId('train-batch').fill('64')
  await expect(page.locator('.settings .hint')).toContainText('8 000 digits per epoch = 125 batches')
  await expect(page.getByTestId('train-start')).toBeEnabled()
})

test('train a small CNN, then see the feature maps of a chosen digit (Inspect and from Runs)', async ({ page }) => {
  await openCnn(page, 'train')
  await page.getByTestId('train-size').fill('500')
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-seed').fill('3')
  await page.getByTestId('train-name').fill('e2e small CNN')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-end', 'done', { timeout: 60_000 })
  await expect(page.getByTestId('train-test-accuracy')).not.toHaveText('–')
  await expect(page.getByTestId('train-chart-loss')).toBeVisible()

  await page.getByTestId('train-inspect').click()
  await expect(page.getByTestId('learned-filters')).toBeVisible()
  await page.getByTestId('digit-position').fill('5')
  await page.getByTestId('digit-position').press('Enter')
  const label = Number(await page.getByTestId('digit-label').textContent())
  expect(label).toBeGreaterThanOrEqual(0)
  await expect(page.getByTestId('fm-layer')).toHaveCount(7)
  await expect(page.getByTestId('fm-layer').filter({ hasText: 'max-pool' })).toHaveCount(2)
  await expect(page.getByTestId('fm-map')).toHaveCount(8 + 8 + 8 + 16 + 16 + 16)
  await expect(page.getByTestId('fm-probs')).toBeVisible()

  // The digits that excite a channel most.
  await page.getByTestId('fm-map').nth(2).click()
  await page.getByTestId('search-count').selectOption('100')
  await page.getByTestId('search-go').click()
  await expect(page.getByTestId('search-summary')).toContainText('of 100 test digits searched')
  await expect(page.getByTestId('search-hit')).toHaveCount(12)

  // Compare: the trained first block and the hand-made filters, side by side.
  await page.getByTestId('cnn-tab-compare').click()
  await expect(page.getByTestId('compare-trained').getByTestId('compare-kernel')).toHaveCount(8)
  await expect(page.getByTestId('compare-hand').getByTestId('compare-kernel')).toHaveCount(3)

  // The stored run, from the Runs panel.
  await page.getByTestId('nav-runs').click()
  await page.getByTestId('runs-row').filter({ hasText: 'e2e small CNN' }).first().click()
  await expect(page.getByTestId('cnn-run-view')).toBeVisible()
  await expect(page.getByTestId('cnn-run-filter')).toHaveCount(8)
  await page.getByTestId('cnn-run-inspect').click()
  await expect(page.getByTestId('cnn-tab-inspect')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('fm-probs')).toBeVisible()
})

test('train a small CNN with augmentation and early stopping, then train it further from its stored weights', async ({ page }) => {
  await openCnn(page, 'train')
  await page.getByTestId('train-size').fill('300')
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-seed').fill('4')
  await page.getByTestId('train-patience').fill('2')
  await page.getByTestId('train-shift').fill('1')
  await page.getByTestId('train-noise').fill('0.05')
  await page.getByTestId('train-name').fill('e2e augmented CNN')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-end', 'done', { timeout: 60_000 })
  const firstRun = Number((await page.getByTestId('train-status').textContent())?.match(/#(\d+)/)?.[1])
  if (process.env.SCREENS_DIR) await page.screenshot({ path: `${process.env.SCREENS_DIR}/cnn-train-augmented.png`, fullPage: true })

  await page.getByTestId('train-continue').click()
  await expect(page.getByTestId('train-resume')).toContainText(`Trains run #${firstRun} further`)
  await expect(page.getByTestId('train-start')).toHaveText('Train further')
  await expect(page.getByTestId('arch-stride').first()).toBeDisabled() // the stored weights fix the architecture
  if (process.env.SCREENS_DIR) await page.screenshot({ path: `${process.env.SCREENS_DIR}/cnn-train-further.png`, fullPage: true })
  await page.getByTestId('train-start').click()
  // The first run's ending stays on screen until the new run has its number: wait for the new one to end.
  const status = page.getByTestId('train-status')
  const runShown = async (): Promise<number> => Number((await status.textContent())?.match(/#(\d+)/)?.[1])
  await expect.poll(async () => (await runShown()) > firstRun && (await status.getAttribute('data-end')) === 'done', { timeout: 60_000 }).toBe(true)
  const secondRun = await runShown()
  // What was stored: read back from the lab's database (the store writes the final status just after the event).
  const stored = (): { params: string; status: string } => {
    const db = new Database(join(lab.dataDir, 'physml.db'), { readonly: true })
    try {
      return db.prepare('SELECT params, status FROM runs WHERE id = ?').get(secondRun) as { params: string; status: string }
    } finally {
      db.close()
    }
  }
  await expect.poll(() => stored().status).toBe('done')
  expect(JSON.parse(stored().params)).toMatchObject({ resumeFrom: { runId: firstRun }, earlyStoppingPatience: 2, augmentation: { shift: 1, rotation: 0, zoom: 0, noise: 0.05 } })
})
