// Screenshots of every panel and every tab of a fresh lab, for looking at what was made and
// for before/after comparisons of a change (not part of `npm test`). Run:
//   SCREENS_DIR=/tmp/screens npx playwright test -c playwright.screens.config.ts
// SCREENS_SIZES (e.g. "1024x700,1920x1080") and SCREENS_THEMES ("light,dark") choose the variants.
import { test } from '@playwright/test'
import { labForScreens, shoot } from './shoot'

const sizes = (process.env.SCREENS_SIZES ?? '1360x880').split(',').map((s) => s.split('x').map(Number) as [number, number])
const themes = (process.env.SCREENS_THEMES ?? 'light').split(',') as ('light' | 'dark')[]

const lab = labForScreens()

for (const theme of themes)
  for (const [width, height] of sizes)
    test(`every panel and tab, ${theme}, ${width}×${height}`, async ({ page }) => {
      test.setTimeout(300_000)
      await page.emulateMedia({ colorScheme: theme })
      await page.setViewportSize({ width, height })
      await page.goto(lab().url)
      const navs = await page.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))
      for (const nav of navs) {
        await page.getByTestId(nav).click()
        const panel = nav.slice(4)
        const tabs = await page.locator('main [role="tab"][data-testid]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))
        const suffix = `${theme}-${width}x${height}`
        if (tabs.length === 0) await shoot(page, `${panel}-${suffix}`)
        for (const tab of tabs) {
          await page.getByTestId(tab).click()
          await shoot(page, `${tab}-${suffix}`)
        }
      }
    })
