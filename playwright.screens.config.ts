import { defineConfig } from '@playwright/test'
import base from './playwright.config'

// Screenshots of every panel and tab (test/screens): not part of `npm test`.
export default defineConfig({ ...base, testDir: 'test/screens', timeout: 600_000 })
