// What the user sees, measured in Chromium against the built browser mode (npm run build
// first): frames per second the Ising canvas draws at L = 512, and the time from pressing
// Start to the first lattice on screen.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { chromiumPath, CHROMIUM_ARGS, NO_CHROMIUM } from '../test/e2e/browser'
import { startLab, type RunningLab } from '../test/e2e/lab'
import type { BenchCase } from './harness'

let lab: RunningLab
let browser: Browser
let page: Page

async function open(): Promise<void> {
  const out = process.env.PHYSML_OUT ?? 'out'
  if (!existsSync(join(__dirname, '..', out, 'main', 'serve.js'))) throw new Error(`renderer benches need the built app (${out}/): run npm run build first`)
  const executablePath = chromiumPath()
  if (!executablePath) throw new Error(NO_CHROMIUM)
  lab = await startLab()
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1360, height: 880 } })
  await page.goto(lab.url)
  await page.getByTestId('nav-ising').click()
}

async function close(): Promise<void> {
  await browser.close()
  await lab.stop()
}

async function startLive(L: number): Promise<number> {
  await page.getByTestId('ising-L').selectOption(String(L))
  await page.getByTestId('ising-speed').selectOption('0')
  const draws = async (): Promise<number> => Number((await page.getByTestId('lattice-canvas').getAttribute('data-draws')) ?? 0)
  const before = await draws()
  const t0 = Date.now()
  await page.getByTestId('ising-start').click()
  while ((await draws()) === before) await page.waitForTimeout(5)
  return Date.now() - t0
}

async function stopLive(): Promise<void> {
  await page.getByTestId('ising-reset').click()
  await page.waitForTimeout(300)
}

export const benches: BenchCase[] = [
  {
    name: 'renderer.ising.fps',
    unit: 'frames/s',
    params: { L: 512, seconds: 5, speed: 'max' },
    repeats: 3,
    setup: open,
    measure: async () => {
      await startLive(512)
      await page.waitForTimeout(1000)
      const canvas = page.getByTestId('lattice-canvas')
      const a = Number(await canvas.getAttribute('data-draws'))
      const t0 = Date.now()
      await page.waitForTimeout(5000)
      const fps = ((Number(await canvas.getAttribute('data-draws')) - a) * 1000) / (Date.now() - t0)
      await stopLive()
      return fps
    },
    teardown: close
  },
  {
    name: 'renderer.ising.firstFrame',
    unit: 'ms',
    params: { L: 512, from: 'Start click', to: 'first canvas draw' },
    repeats: 5,
    setup: open,
    measure: async () => {
      const ms = await startLive(512)
      await stopLive()
      return ms
    },
    teardown: close
  }
]
