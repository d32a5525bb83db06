// What the user sees, measured in Chromium against the built browser mode (npm run build
// first): frames per second the Ising canvas draws at L = 512 (and, to tell a slow canvas from
// a slow feed, the frames per second that reach it), and the time from pressing Start to the
// first lattice on screen.

import type { Browser, Page } from '@playwright/test'
import type { RunningLab } from '../test/e2e/lab'
import { openBrowserMode } from './browserMode'
import type { BenchCase } from './harness'

let lab: RunningLab
let browser: Browser
let page: Page

async function open(): Promise<void> {
  ;({ lab, browser, page } = await openBrowserMode(''))
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

type Counter = 'data-draws' | 'data-frames' | 'data-draw-ms'

/** The canvas counters over 5 s of a running L = 512 lattice at full speed: their increase, and the seconds. */
async function liveCounts(): Promise<{ delta: Record<Counter, number>; seconds: number }> {
  await startLive(512)
  await page.waitForTimeout(1000)
  const canvas = page.getByTestId('lattice-canvas')
  const read = async (): Promise<Record<Counter, number>> => ({
    'data-draws': Number(await canvas.getAttribute('data-draws')),
    'data-frames': Number(await canvas.getAttribute('data-frames')),
    'data-draw-ms': Number(await canvas.getAttribute('data-draw-ms'))
  })
  const a = await read()
  const t0 = Date.now()
  await page.waitForTimeout(5000)
  const b = await read()
  const seconds = (Date.now() - t0) / 1000
  await stopLive()
  const delta = { 'data-draws': b['data-draws'] - a['data-draws'], 'data-frames': b['data-frames'] - a['data-frames'], 'data-draw-ms': b['data-draw-ms'] - a['data-draw-ms'] }
  return { delta, seconds }
}

const liveRate = async (counter: 'data-draws' | 'data-frames'): Promise<number> => {
  const { delta, seconds } = await liveCounts()
  return delta[counter] / seconds
}

export const benches: BenchCase[] = [
  {
    name: 'renderer.ising.fps',
    unit: 'frames/s',
    params: { L: 512, seconds: 5, speed: 'max' },
    repeats: 3,
    setup: open,
    measure: () => liveRate('data-draws'),
    teardown: close
  },
  {
    name: 'renderer.ising.framesIn',
    unit: 'frames/s',
    params: { L: 512, seconds: 5, speed: 'max', counted: 'frames reaching the canvas' },
    repeats: 3,
    setup: open,
    measure: () => liveRate('data-frames'),
    teardown: close
  },
  {
    name: 'renderer.ising.drawMs',
    unit: 'ms/frame',
    params: { L: 512, counted: 'paint + putImageData per drawn frame' },
    repeats: 3,
    setup: open,
    measure: async () => {
      const { delta } = await liveCounts()
      return delta['data-draw-ms'] / delta['data-draws']
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
