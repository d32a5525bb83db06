// What goes wrong inside a task stays inside it: engine exceptions, a loop that never
// checkpoints, a thread that dies, a handler that throws, and closing the pool mid-run.

import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WorkerPool } from '../../src/main/jobs/pool'
import { fixturePool, range, recorder, sleep, until } from './poolHarness'

let pool: WorkerPool | null = null
afterEach(async () => {
  await pool?.close()
  pool = null
})

describe('WorkerPool: failures', () => {
  it('fails a throwing job with its message while a parallel job finishes', async () => {
    pool = fixturePool({ size: 2 })
    const good = recorder()
    const bad = recorder()
    const hg = pool.run({ runId: 1, kind: 'counter', params: { units: 3000 }, seed: 1 }, good.handlers)
    const hb = pool.run({ runId: 2, kind: 'thrower', params: { after: 3 }, seed: 1 }, bad.handlers)
    expect(await hb.done).toEqual({ status: 'failed', error: 'boom at unit 3' })
    expect(hb.state).toBe('failed')
    expect(bad.rec.steps).toEqual([0, 1, 2]) // what it emitted before failing is kept
    const out = await hg.done
    expect(out.status).toBe('done')
    expect(good.rec.steps).toEqual(range(3000))
    // The worker that ran the thrower lives on.
    expect((await pool.run({ runId: 3, kind: 'quick', params: { x: 1 }, seed: 1 }, recorder().handlers).done).status).toBe('done')
    expect(pool.stats().spawned).toBe(2)
  })

  it('terminates and replaces the worker of a job that never checkpoints when it is cancelled', async () => {
    pool = fixturePool({ size: 1 }) // default grace: 2 s
    const { handlers } = recorder()
    const h = pool.run({ runId: 4, kind: 'spinner', params: {}, seed: 1 }, handlers)
    await sleep(200)
    h.cancel()
    expect(await h.done).toEqual({ status: 'cancelled' })
    expect(pool.stats()).toEqual({ workers: 0, busy: 0, queued: 0, spawned: 1 })
    const next = await pool.run({ runId: 5, kind: 'quick', params: { x: 4 }, seed: 2 }, recorder().handlers).done
    expect(next).toEqual({ status: 'done', result: { twice: 8, seed: 2, init: null } })
    expect(pool.stats()).toEqual({ workers: 1, busy: 0, queued: 0, spawned: 2 })
  })

  it('fails the task of a worker thread that exits, says so, and replaces the worker', async () => {
    pool = fixturePool({ size: 1 })
    const queued = recorder()
    const h = pool.run({ runId: 6, kind: 'exiter', params: { code: 3 }, seed: 1 }, recorder().handlers)
    const next = pool.run({ runId: 7, kind: 'counter', params: { units: 10 }, seed: 1 }, queued.handlers)
    expect(await h.done).toEqual({ status: 'failed', error: 'the worker thread exited unexpectedly (exit code 3)' })
    expect((await next.done).status).toBe('done')
    expect(queued.rec.steps).toEqual(range(10))
    expect(pool.stats().spawned).toBe(2)
  })

  it('survives a handler that throws', async () => {
    pool = fixturePool({ size: 1 })
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const { rec, handlers } = recorder()
      const h = pool.run({ runId: 8, kind: 'counter', params: { units: 50 }, seed: 1 }, {
        ...handlers,
        metrics() {
          throw new Error('handler bug')
        }
      })
      expect((await h.done).status).toBe('done')
      expect(rec.artifacts).toHaveLength(1)
      expect(quiet).toHaveBeenCalled()
    } finally {
      quiet.mockRestore()
    }
  })

  it('close() cancels running and queued tasks and refuses new ones', async () => {
    const p = fixturePool({ size: 1 })
    pool = p
    const { rec, handlers } = recorder()
    const running = p.run({ runId: 9, kind: 'counter', params: { units: 0, rate: 500 }, seed: 1 }, handlers)
    const queued = p.run({ runId: 10, kind: 'quick', params: { x: 1 }, seed: 1 }, recorder().handlers)
    await until(() => rec.rows.length >= 3, 'first rows')
    await p.close()
    expect(await running.done).toEqual({ status: 'cancelled' })
    expect(await queued.done).toEqual({ status: 'cancelled' })
    expect(p.stats()).toEqual({ workers: 0, busy: 0, queued: 0, spawned: 1 })
    expect(() => p.run({ runId: 11, kind: 'quick', params: {}, seed: 1 }, recorder().handlers)).toThrow('closed')
  })
})
