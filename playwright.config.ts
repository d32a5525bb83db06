import { defineConfig } from '@playwright/test'
import { chromiumPath, CHROMIUM_ARGS, NO_CHROMIUM } from './test/e2e/browser'

// Browser mode is started per test file by test/e2e/lab.ts. Without a browser every test
// would fail with the same stack trace: say once what to install instead.
const executablePath = chromiumPath()
if (!executablePath) {
  console.error(NO_CHROMIUM)
  process.exit(1)
}

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
    launchOptions: { executablePath, args: CHROMIUM_ARGS }
  }
})
