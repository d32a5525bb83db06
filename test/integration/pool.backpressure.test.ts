// Backpressure on metrics in the real pool and host (fixture counter, a row per unit): when the service says the store or a viewer falls behind, the host keeps one row in
// k and says so; far behind, it holds the engine, and a stop is not held; when main itself
// does not handle the batches, no more than UNHANDLED_HARD of them wait for it.
import { afterEach, describe, expect, it } from 'vitest'
import { Pressure } from '../../src/main/jobs/messages'
import { UNHANDLED_HARD } from '../../src/main/jobs/metricThinning'
import type { WorkerPool } from '../../src/main/jobs/pool'
import { fixturePool, recorder, sleep, until } from './poolHarness'

let pool: WorkerPool | null = null
afterEach(async () => {
  await pool?.close()
  pool = null
})

describe('metrics under backpressure', () => {
  it('behind: one row in k is kept (each says its k), the run log says so, and every row again once calm', async () => {
    pool = fixturePool({ size: 1 })
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 1, kind: 'counter', params: { units: 0, rate: 100_000 }, seed: 1 }, handlers)
    await until(() => rec.rows.length > 1000, 'rows')
    pool.setPressure(Pressure.BEHIND)
    // k doubles at most every 50 ms, at the batches that go out while behind
    await until(() => rec.rows.length > 0 && (rec.rows[rec.rows.length - 1].keptEvery ?? 1) >= 16, 'one row in 16')
    pool.setPressure(Pressure.NONE)
    const thinned = rec.rows.length
    // k halves every 200 ms of calm: back to every row within a few seconds
    await until(() => rec.rows.length > thinned + 10 && rec.rows.slice(-10).every((r) => r.keptEvery === undefined), 'every row kept again')
    h.stop()
    const out = await h.done
    expect(out.status).toBe('done')
    const ks = rec.rows.map((r) => r.keptEvery ?? 1)
    const most = ks.reduce((a, b) => Math.max(a, b), 1)
    expect(most).toBeGreaterThanOrEqual(16)
    // A row stands for the rows skipped after it: the next kept row is at most k units on.
    for (let j = 1; j < rec.rows.length; j++) expect(rec.rows[j].i - rec.rows[j - 1].i).toBeLessThanOrEqual(ks[j - 1])
    expect(rec.logs.some((l) => /^Metrics thinned from step [\d,]+: the run store or a viewer cannot keep up, so one row in 2 is kept/.test(l))).toBe(true)
    const units = out.status === 'done' ? (out.result.units as number) : 0
    expect(rec.logs).toContain(
      `Metrics: ${rec.rows.length.toLocaleString('en-US')} of ${units.toLocaleString('en-US')} rows kept (at most one in ${most.toLocaleString('en-US')}) while the run store or a viewer could not keep up; each kept row says in 'keptEvery' how many it stands for.`
    )
  })

  it('far behind: the engine is held at its next batch; a stop is not held', async () => {
    pool = fixturePool({ size: 1 })
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 2, kind: 'counter', params: { units: 0 }, seed: 1 }, handlers)
    await until(() => rec.rows.length > 1000, 'rows')
    pool.setPressure(Pressure.FAR_BEHIND)
    await sleep(300)
    const held = rec.rows.length
    await sleep(500)
    expect(rec.rows.length).toBe(held)
    const t0 = Date.now()
    h.stop()
    const out = await h.done
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(out.status).toBe('done')
    // the engine itself was held: it stopped within a batch of where the rows stopped
    if (out.status === 'done') expect(out.result.units as number).toBeLessThan(rec.rows[held - 1].i + 4000)
  })

  it('main slower than the worker: no more than UNHANDLED_HARD batches wait for it', async () => {
    pool = fixturePool({ size: 1 })
    const p = pool
    let most = 0
    const { handlers } = recorder()
    const h = p.run({ runId: 3, kind: 'counter', params: { units: 0 }, seed: 1 }, {
      ...handlers,
      metrics: () => {
        most = Math.max(most, p.unhandledBatches())
        // 20 ms a batch: main takes 50 batches a second; the counter, unbounded, posts one per 2,000 rows (hundreds a
        // second). Longer would only slow the drain after Stop (up to UNHANDLED_HARD batches) on a loaded machine.
        const end = Date.now() + 20
        while (Date.now() < end);
      }
    })
    await sleep(3000)
    h.stop()
    await h.done
    // Without the bound the counter posts a batch every 50 ms or 2000 rows: hundreds would wait.
    expect(most).toBeLessThanOrEqual(UNHANDLED_HARD)
    expect(most).toBeGreaterThanOrEqual(UNHANDLED_HARD - 4) // and the host did fill the queue up to its bound
  })
})
