// What the screenshot specs share: one lab for the file's tests, form filling, and a full-page
// shot into $SCREENS_DIR once the charts have drawn.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { test, type Page } from '@playwright/test'
import { startLab, type RunningLab } from '../e2e/lab'

const dir = process.env.SCREENS_DIR ?? 'test-results/screens'

/** Starts a lab before the file's tests and stops it after them; call the result for the running lab. */
export function labForScreens(): () => RunningLab {
  let lab: RunningLab | null = null
  test.beforeAll(async () => {
    lab = await startLab()
    mkdirSync(dir, { recursive: true })
  })
  test.afterAll(async () => {
    await lab?.stop()
  })
  return () => {
    if (!lab) throw new Error('the lab starts in beforeAll')
    return lab
  }
}

/** `name`.png of the whole page, after `settleMs` for the charts' first draw. */
export async function shoot(page: Page, name: string, settleMs = 400): Promise<void> {
  await page.waitForTimeout(settleMs)
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}

/** Type each value into the field of that test id, in order. */
export async function fill(page: Page, values: Record<string, string>): Promise<void> {
  for (const [testid, value] of Object.entries(values)) await page.getByTestId(testid).fill(value)
}
