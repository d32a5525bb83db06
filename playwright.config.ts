import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium (apt-get install -y chromium): Playwright's own browser download cannot
// work on these machines. Browser mode is started per test file by test/e2e/lab.ts.
const chromium = '/usr/bin/chromium'

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1360, height: 880 },
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(existsSync(chromium) ? { executablePath: chromium } : {}),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  }
})
