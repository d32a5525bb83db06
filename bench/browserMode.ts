// The built browser mode and a Chromium page on it, for the renderer benches (npm run build first).

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { chromiumPath, CHROMIUM_ARGS, NO_CHROMIUM } from '../test/e2e/browser'
import { startLab, type RunningLab } from '../test/e2e/lab'

export interface BrowserMode {
  lab: RunningLab
  browser: Browser
  page: Page
}

/** Browser mode on `dataDir` (a fresh temp folder when not given) and a 1360×880 page at `hash`. */
export async function openBrowserMode(hash: string, dataDir?: string): Promise<BrowserMode> {
  const out = process.env.PHYSML_OUT ?? 'out'
  if (!existsSync(join(__dirname, '..', out, 'main', 'serve.js'))) throw new Error(`renderer benches need the built app (${out}/): run npm run build first`)
  const executablePath = chromiumPath()
  if (!executablePath) throw new Error(NO_CHROMIUM)
  const lab = await startLab(dataDir)
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  const page = await browser.newPage({ viewport: { width: 1360, height: 880 } })
  await page.goto(`${lab.url}${hash}`)
  return { lab, browser, page }
}
