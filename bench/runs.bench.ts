// The run history at scale: a data folder seeded with 10,000 runs (five kinds, notes, tags,
// a few curves each, made through the real store), then
//  * the store's searches as the Runs panel makes them (a page of rows and the count);
//  * in Chromium against the built browser mode (npm run build first): the Runs panel's first
//    paint (from opening the panel to its rows on screen) and one filter keystroke (from the
//    input event to the new rows painted), measured in the page;
//  * bundles: export and import of 1,000 small runs (runs per second) and of 4 runs of 32 MiB (MB/s).

import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { createRng } from '../src/engine/rng'
import { openRunStore, type RunStore } from '../src/main/store/runStore'
import { batchOf } from '../src/shared/metrics'
import { jobKinds, type KindName } from '../src/shared/kinds'
import { tinyStandalone } from '../test/helpers/tinyKinds'
import type { FindRunsQuery } from '../src/shared/history'
import type { RunningLab } from '../test/e2e/lab'
import { openBrowserMode } from './browserMode'
import { PAGE } from '../src/renderer/lib/runQuery'
import type { BenchCase } from './harness'

const RUNS = 10_000
const KINDS: KindName[] = ['ising.sweep', 'network.train', 'hopfield.capacity', 'cnn.train', 'ising.live']
const WORDS = ['critical', 'slowing', 'binder', 'cumulant', 'crossover', 'dropout', 'baseline', 'wolff', 'metropolis', 'lenet', 'capacity', 'storkey']
const TAGS = ['paper', 'fig-5', 'L=32', 'L=64', 'sanity', 'best', 'draft', 'cluster']

let seeded: { dir: string; file: string } | null = null

/** The data folder with 10,000 runs, made once per bench process. */
function seed(): { dir: string; file: string } {
  if (seeded) return seeded
  const dir = mkdtempSync(join(tmpdir(), 'physml-bench-runs-'))
  const file = join(dir, 'physml.db')
  let clock = Date.parse('2024-01-01T00:00:00Z')
  const store = openRunStore({ file, appVersion: 'bench', now: () => new Date(clock) })
  const rng = createRng(14)
  const pick = <T>(a: readonly T[]): T => a[rng.int(a.length)]
  for (let i = 0; i < RUNS; i++) {
    clock += 1000 * (30 + rng.int(3600))
    const kind = pick(KINDS)
    // Params as the kind would store them (a bundle of these runs must pass the import's checks), three of its curves.
    const id = store.createRun({ kind, name: `${pick(WORDS)} ${pick(WORDS)} ${i}`, params: jobKinds[kind].params.parse(tinyStandalone(kind)), seed: i })
    const names = jobKinds[kind].series.slice(0, 3)
    const rows = Array.from({ length: 20 }, (_, k) => Object.fromEntries(names.map((n) => [n, Math.min(1, 0.1 + (k / 20) * rng.uniform())])))
    store.appendBatch(id, batchOf(rows.map((_, k) => k), rows))
    store.finishRun(id, { status: rng.uniform() < 0.9 ? 'done' : 'failed' })
    if (rng.uniform() < 0.4) store.annotate({ runId: id, note: `${pick(WORDS)} near Tc, ${pick(WORDS)}`, addTags: [pick(TAGS), pick(TAGS)], starred: rng.uniform() < 0.02 })
  }
  store.close()
  seeded = { dir, file }
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  return seeded
}

let store: RunStore | null = null
const openStore = (): void => {
  store = openRunStore({ file: seed().file, appVersion: 'bench', readOnly: true })
}
const closeStore = (): void => {
  store?.close()
  store = null
}

const query = (q: Partial<FindRunsQuery>): BenchCase['measure'] => () => {
  const t0 = performance.now()
  store!.findRuns({ limit: PAGE, ...q })
  return performance.now() - t0
}

const storeCase = (name: string, what: string, q: Partial<FindRunsQuery>): BenchCase => ({
  name: `runs.store.${name}`,
  unit: 'ms',
  params: { runs: RUNS, query: what },
  repeats: 15,
  setup: openStore,
  measure: query(q),
  teardown: closeStore
})

// ── Chromium ──────────────────────────────────────────────────────────────────────────

let lab: RunningLab | null = null
let browser: Browser
let page: Page

async function openBrowser(): Promise<void> {
  // Browser mode on the seeded folder itself (a copy would cost as much as the seed).
  ;({ lab, browser, page } = await openBrowserMode('#cnn', seed().dir))
  await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear())
}

async function closeBrowser(): Promise<void> {
  await browser.close()
  // The lab's stop() would delete the seeded folder: stop the process only.
  const child = lab!.process
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  lab = null
}

/** From the click on Runs to its first 100 rows painted, measured in the page. (No named
 *  functions inside page.evaluate: tsx wraps them in a helper the page does not have.) */
async function firstPaint(): Promise<number> {
  await page.getByTestId('nav-cnn').click()
  await page.getByTestId('cnn-tab-worked').waitFor()
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { click(): void } | null; body: unknown } }).document
        const g = globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe(t: unknown, o: object): void; disconnect(): void }; requestAnimationFrame(cb: () => void): void }
        const t0 = performance.now()
        const mo = new g.MutationObserver(() => {
          if (doc.querySelector('[data-testid="runs-row"]')) {
            mo.disconnect()
            g.requestAnimationFrame(() => resolve(performance.now() - t0))
          }
        })
        mo.observe(doc.body, { childList: true, subtree: true })
        doc.querySelector('[data-testid="nav-runs"]')!.click()
      })
  )
  return ms
}

let toggle = false
/** One keystroke in the search box: from its input event to the new rows painted. */
async function keystroke(): Promise<number> {
  toggle = !toggle
  // Typing one more letter, then taking it back: 'cr' → 'cri' (critical, not crossover: fewer runs), and back.
  const text = toggle ? 'cri' : 'cr'
  return page.evaluate(
    (text) =>
      new Promise<number>((resolve, reject) => {
        type El = { value: string; textContent: string | null; dispatchEvent(e: unknown): boolean }
        const g = globalThis as unknown as {
          document: { querySelector(s: string): El | null }
          Event: new (t: string, o: object) => unknown
          MutationObserver: new (cb: () => void) => { observe(t: unknown, o: object): void; disconnect(): void }
          requestAnimationFrame(cb: () => void): void
        }
        const input = g.document.querySelector('[data-testid="runs-search"]')!
        const list = g.document.querySelector('[data-testid="runs-panel"]')!
        const before = g.document.querySelector('[data-testid="runs-count"]')?.textContent ?? ''
        const t0 = performance.now()
        const mo = new g.MutationObserver(() => {
          if ((g.document.querySelector('[data-testid="runs-count"]')?.textContent ?? '') !== before) {
            mo.disconnect()
            g.requestAnimationFrame(() => resolve(performance.now() - t0))
          }
        })
        mo.observe(list, { childList: true, subtree: true, characterData: true })
        setTimeout(() => reject(new Error(`the list did not change for '${text}' (still ${before})`)), 10_000)
        input.value = text
        input.dispatchEvent(new g.Event('input', { bubbles: true }))
      }),
    text
  )
}

// ── bundles ───────────────────────────────────────────────────────────────────────────

const BUNDLE_RUNS = 1000
let bundleDir: string | null = null
let bundleFile = ''

function bundleSetup(): void {
  openStore()
  bundleDir = mkdtempSync(join(tmpdir(), 'physml-bench-bundle-'))
  bundleFile = join(bundleDir, 'runs.physml')
}

function bundleTeardown(): void {
  closeStore()
  rmSync(bundleDir!, { recursive: true, force: true })
}

const firstIds = (): number[] => Array.from({ length: BUNDLE_RUNS }, (_, i) => i + 1)

function exportRate(): number {
  rmSync(bundleFile, { force: true })
  const t0 = performance.now()
  store!.exportBundle(firstIds(), bundleFile)
  return BUNDLE_RUNS / ((performance.now() - t0) / 1000)
}

function importRate(): number {
  if (!existsSync(bundleFile)) store!.exportBundle(firstIds(), bundleFile)
  const target = openRunStore({ file: join(bundleDir!, `import-${Date.now()}.db`), appVersion: 'bench' })
  try {
    const t0 = performance.now()
    target.importBundles([{ name: 'runs.physml', file: bundleFile }])
    return BUNDLE_RUNS / ((performance.now() - t0) / 1000)
  } finally {
    target.close()
  }
}

/** Bundles of large artifacts: 4 sweeps with a 32 MiB artifact each, in MB/s of bundle. */
const LARGE = { runs: 4, bytes: 32 * 2 ** 20 }
let large: { dir: string; store: RunStore; ids: number[]; file: string } | null = null

function largeSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'physml-bench-large-'))
  const s = openRunStore({ file: join(dir, 'physml.db'), appVersion: 'bench' })
  const rng = createRng(3)
  const ids = Array.from({ length: LARGE.runs }, (_, i) => {
    const id = s.createRun({ kind: 'ising.sweep', name: `large ${i}`, params: jobKinds['ising.sweep'].params.parse(tinyStandalone('ising.sweep')), seed: i })
    s.putArtifact(id, 'L=4/T=2.0000/samples', Float64Array.from({ length: LARGE.bytes / 8 }, () => rng.uniform()))
    s.finishRun(id, { status: 'done' })
    return id
  })
  large = { dir, store: s, ids, file: join(dir, 'large.physml') }
}

function largeTeardown(): void {
  large!.store.close()
  rmSync(large!.dir, { recursive: true, force: true })
  large = null
}

function largeExport(): number {
  rmSync(large!.file, { force: true })
  const t0 = performance.now()
  const { size } = large!.store.exportBundle(large!.ids, large!.file)
  return size / 1e6 / ((performance.now() - t0) / 1000)
}

function largeImport(): number {
  if (!existsSync(large!.file)) large!.store.exportBundle(large!.ids, large!.file)
  const target = openRunStore({ file: join(large!.dir, `import-${Date.now()}.db`), appVersion: 'bench' })
  try {
    const t0 = performance.now()
    target.importBundles([{ name: 'large.physml', file: large!.file }])
    return statSync(large!.file).size / 1e6 / ((performance.now() - t0) / 1000)
  } finally {
    target.close()
  }
}

/** The disk's own pace on the same bytes, measured back to back: a plain copy of the bundle file. */
const copyReference = {
  label: 'copyFileSync of the same bundle file',
  measure: (): number => {
    if (!existsSync(large!.file)) large!.store.exportBundle(large!.ids, large!.file)
    const to = `${large!.file}.copy`
    const t0 = performance.now()
    copyFileSync(large!.file, to)
    const mbps = statSync(to).size / 1e6 / ((performance.now() - t0) / 1000)
    rmSync(to)
    return mbps
  }
}

export const benches: BenchCase[] = [
  storeCase('find.newest', `newest first, page of ${PAGE}`, {}),
  storeCase('find.text', "search 'crit' (prefix, names and notes)", { text: 'crit' }),
  storeCase('find.tag', "tags 'paper' and 'L=32'", { tags: ['paper', 'L=32'] }),
  storeCase('find.metric', 'best valLoss of network.train', { kinds: ['network.train'], sort: { by: 'series', name: 'valLoss', stat: 'min', dir: 'asc' } }),
  storeCase('find.combined', 'text + kind + status + date range + metric', {
    text: 'binder',
    kinds: ['ising.sweep'],
    statuses: ['done'],
    from: '2024-03-01T00:00:00Z',
    to: '2024-09-01T00:00:00Z',
    sort: { by: 'series', name: 'e', stat: 'last', dir: 'asc' }
  }),
  {
    name: 'renderer.runs.firstPaint',
    unit: 'ms',
    params: { runs: RUNS, rows: 100, from: 'click on Runs', to: 'rows painted' },
    repeats: 7,
    setup: openBrowser,
    measure: firstPaint,
    teardown: closeBrowser
  },
  {
    name: 'renderer.runs.keystroke',
    unit: 'ms',
    params: { runs: RUNS, from: 'input event in the search box', to: 'new rows painted' },
    repeats: 15,
    setup: async () => {
      await openBrowser()
      await firstPaint()
    },
    measure: keystroke,
    teardown: closeBrowser
  },
  {
    name: 'runs.bundle.export',
    unit: 'runs/s',
    params: { runs: BUNDLE_RUNS, points: 60, to: 'file' },
    repeats: 5,
    setup: bundleSetup,
    measure: exportRate,
    teardown: bundleTeardown
  },
  {
    name: 'runs.bundle.import',
    unit: 'runs/s',
    params: { runs: BUNDLE_RUNS, points: 60, checks: 'schema, quick_check, kind schemas, SHA-256, twice' },
    repeats: 5,
    setup: bundleSetup,
    measure: importRate,
    teardown: bundleTeardown
  },
  {
    name: 'runs.bundle.exportLarge',
    unit: 'MB/s',
    params: { runs: LARGE.runs, artifactMiB: LARGE.bytes / 2 ** 20, to: 'file' },
    repeats: 3,
    setup: largeSetup,
    measure: largeExport,
    teardown: largeTeardown,
    reference: copyReference
  },
  {
    name: 'runs.bundle.importLarge',
    unit: 'MB/s',
    params: { runs: LARGE.runs, artifactMiB: LARGE.bytes / 2 ** 20, checks: 'as above' },
    repeats: 3,
    setup: largeSetup,
    measure: largeImport,
    teardown: largeTeardown,
    reference: copyReference
  }
]
