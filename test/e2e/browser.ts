// The Chromium that the end-to-end tests, the screenshots and the renderer benchmarks drive.
// Playwright's own browser download needs internet; Debian's package works where it does not.

import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

/** Headless in a container: no sandbox, no GPU, no background traffic, no first-run UI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

export const NO_CHROMIUM =
  'No Chromium to run the end-to-end tests: `npx playwright install chromium` where downloads work, `apt-get install chromium` on Debian (or set PHYSML_CHROMIUM to a Chromium binary).'

/** $PHYSML_CHROMIUM when set, else Debian's, else Playwright's own download; null when none is there. */
export function chromiumPath(): string | null {
  const chosen = process.env.PHYSML_CHROMIUM
  if (chosen) return existsSync(chosen) ? chosen : null
  return ['/usr/bin/chromium', chromium.executablePath()].find((p) => existsSync(p)) ?? null
}
