// What the user sees, measured in Chromium against the built browser mode (npm run build
// first): frames per second the Ising canvas draws at L = 512 (and, to tell a slow canvas from
// a slow feed, the frames per second that reach it), and the time from pressing Start to the
// first lattice on screen. The canvas draws only in animation frames, so it can draw no more
// than the page's own animation-frame rate: that rate, counted on the page over the same 5 s,
// is the fps case's reference, and their ratio the share of animation frames that showed a
// new lattice.

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

type Counter = 'data-draws' | 'data-frames' | 'data-draw-ms' | 'animation-frames'

// Counts the page's animation frames on window.__animationFrames. A string, so that the
// bundler's helpers (tsx names functions) do not leak into the page.
const COUNT_ANIMATION_FRAMES = `(() => {
  if (window.__animationFrames !== undefined) return
  window.__animationFrames = 0
  const tick = () => { window.__animationFrames++; requestAnimationFrame(tick) }
  requestAnimationFrame(tick)
})()`

/** The counters over 5 s of a running L = 512 lattice at full speed: their increase, and the seconds (page clock). */
async function liveCounts(): Promise<{ delta: Record<Counter, number>; seconds: number }> {
  await page.evaluate(COUNT_ANIMATION_FRAMES)
  await startLive(512)
  await page.waitForTimeout(1000)
  // One read of all counters at one instant of the page.
  const read = (): Promise<Record<Counter, number> & { t: number }> =>
    page.evaluate(`(() => {
      const c = document.querySelector('[data-testid="lattice-canvas"]').dataset
      return { 'data-draws': Number(c.draws), 'data-frames': Number(c.frames), 'data-draw-ms': Number(c.drawMs), 'animation-frames': window.__animationFrames, t: performance.now() }
    })()`)
  const a = await read()
  await page.waitForTimeout(5000)
  const b = await read()
  await stopLive()
  const counters: Counter[] = ['data-draws', 'data-frames', 'data-draw-ms', 'animation-frames']
  const delta = Object.fromEntries(counters.map((k) => [k, b[k] - a[k]])) as Record<Counter, number>
  return { delta, seconds: (b.t - a.t) / 1000 }
}

/** The animation frames per second of the last liveCounts: the fps case's reference. */
let animationFrameRate = NaN

const liveRate = async (counter: 'data-draws' | 'data-frames'): Promise<number> => {
  const { delta, seconds } = await liveCounts()
  animationFrameRate = delta['animation-frames'] / seconds
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
    teardown: close,
    reference: {
      label: "the page's animation frames (requestAnimationFrame ticks) in the same 5 s",
      measure: () => animationFrameRate
    }
  },
  {
    // What the browser itself allows: a page that does nothing, in the same Chromium. The fps
    // above cannot exceed its own page's animation frames, and those not this.
    name: 'renderer.idle.animationFrames',
    unit: 'frames/s',
    params: { page: 'about:blank', seconds: 5 },
    repeats: 3,
    setup: open,
    measure: async () => {
      const blank = await browser.newPage()
      await blank.evaluate(COUNT_ANIMATION_FRAMES)
      const read = (): Promise<{ n: number; t: number }> => blank.evaluate('({ n: window.__animationFrames, t: performance.now() })')
      await blank.waitForTimeout(500)
      const a = await read()
      await blank.waitForTimeout(5000)
      const b = await read()
      await blank.close()
      return (b.n - a.n) / ((b.t - a.t) / 1000)
    },
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
