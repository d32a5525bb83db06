// Live control of a running task in a real worker thread: settings, pause, step, resume,
// stop and cancel, each observed through what the engine itself emits.

import { afterAll, describe, expect, it } from 'vitest'
import { fixturePool, range, recorder, sleep, until } from './poolHarness'

const pool = fixturePool({ size: 2 })
afterAll(() => pool.close())

describe('WorkerPool: control', () => {
  it('delivers control updates to the engine, then stop ends it done with its result', async () => {
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 1, kind: 'counter', params: { units: 0, rate: 500 }, seed: 3 }, handlers)
    await until(() => rec.rows.length >= 10, 'first rows')
    h.control({ gain: 3 })
    await until(() => rec.rows.some((r) => r.gain === 3), 'gain 3 to show in the rows')
    h.control({ gain: 4 })
    h.control({ gain: 5 })
    await until(() => rec.rows.some((r) => r.gain === 5), 'gain 5 to show in the rows')
    h.stop()
    const out = await h.done
    expect(out.status).toBe('done')
    const n = rec.rows.length
    expect(out).toEqual({ status: 'done', result: { units: n, stopped: true, lastX: rec.rows[n - 1].x } })
    expect(rec.steps).toEqual(range(n))
    // The gain only ever moves forward through the values sent: 0 … 0, 3 … 3, (4 …), 5 … 5.
    const gains = rec.rows.map((r) => r.gain)
    expect(gains[0]).toBe(0)
    for (let k = 1; k < n; k++) expect(gains[k]).toBeGreaterThanOrEqual(gains[k - 1])
    expect(new Set(gains)).toEqual(new Set(gains.filter((g) => [0, 3, 4, 5].includes(g))))
    expect(gains[n - 1]).toBe(5)
  })

  it('pause holds, step lets exactly one unit through, controls merge latest-wins, resume continues', async () => {
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 2, kind: 'counter', params: { units: 0, rate: 1000, frameSize: 16, frameAlways: true }, seed: 4 }, handlers)
    await until(() => rec.rows.length >= 10, 'first rows')
    h.pause()
    await until(() => h.state === 'paused', 'the engine to hold')
    const n = rec.rows.length
    expect(rec.steps).toEqual(range(n)) // everything emitted before the hold was flushed
    expect(rec.frames[rec.frames.length - 1].meta.i).toBe(n - 1) // the screen shows the held state
    await sleep(300)
    expect(rec.rows.length).toBe(n)

    h.step()
    await until(() => rec.rows.length === n + 1, 'one stepped unit')
    await sleep(150)
    expect(rec.rows.length).toBe(n + 1)
    expect(rec.frames[rec.frames.length - 1].meta.i).toBe(n)

    h.step()
    h.step()
    await until(() => rec.rows.length === n + 3, 'two stepped units')
    await sleep(150)
    expect(rec.rows.length).toBe(n + 3)

    h.control({ gain: 1 })
    h.control({ gain: 2 })
    h.control({ gain: 3 })
    await sleep(100)
    expect(rec.rows.length).toBe(n + 3) // a control does not release a pause
    h.step()
    await until(() => rec.rows.length === n + 4, 'a stepped unit after the controls')
    expect(rec.rows[n + 3].gain).toBe(3)
    expect(rec.rows[n + 2].gain).toBe(0)
    expect(h.state).toBe('paused')
    expect(rec.states).toEqual(['running', 'paused'])

    h.resume()
    await until(() => rec.rows.length >= n + 20, 'rows after resume')
    expect(h.state).toBe('running')
    expect(rec.states).toEqual(['running', 'paused', 'running'])
    h.stop()
    const out = await h.done
    expect(out.status).toBe('done')
    expect(rec.steps).toEqual(range(rec.rows.length))
  })

  it('stop while paused ends the task done', async () => {
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 3, kind: 'counter', params: { units: 0, rate: 1000 }, seed: 5 }, handlers)
    await until(() => rec.rows.length >= 5, 'first rows')
    h.pause()
    await until(() => h.state === 'paused', 'the engine to hold')
    h.stop()
    const out = await h.done
    expect(out).toEqual({ status: 'done', result: { units: rec.rows.length, stopped: true, lastX: rec.rows[rec.rows.length - 1].x } })
  })

  it('cancel ends a running task cancelled, keeps what it reported, and the worker serves the next task', async () => {
    const small = fixturePool({ size: 1 })
    try {
      const { rec, handlers } = recorder()
      const h = small.run({ runId: 4, kind: 'counter', params: { units: 0, rate: 500 }, seed: 6 }, handlers)
      await until(() => rec.rows.length >= 5, 'first rows')
      h.cancel()
      expect(await h.done).toEqual({ status: 'cancelled' })
      expect(h.state).toBe('cancelled')
      expect(rec.steps).toEqual(range(rec.rows.length))
      expect(rec.artifacts).toHaveLength(0) // the fixture's end-of-run artifact never came

      // Cancel while paused wakes the hold.
      const p = recorder()
      const hp = small.run({ runId: 5, kind: 'counter', params: { units: 0, rate: 500 }, seed: 6 }, p.handlers)
      await until(() => p.rec.rows.length >= 3, 'first rows')
      hp.pause()
      await until(() => hp.state === 'paused', 'the engine to hold')
      hp.cancel()
      expect(await hp.done).toEqual({ status: 'cancelled' })

      // Cancel and stop of a queued task: it never starts.
      const blocker = small.run({ runId: 6, kind: 'counter', params: { units: 0, rate: 500 }, seed: 1 }, recorder().handlers)
      const q1 = recorder()
      const queued1 = small.run({ runId: 7, kind: 'counter', params: { units: 3 }, seed: 1 }, q1.handlers)
      const queued2 = small.run({ runId: 8, kind: 'counter', params: { units: 3 }, seed: 1 }, recorder().handlers)
      queued1.cancel()
      queued2.stop()
      expect(await queued1.done).toEqual({ status: 'cancelled' })
      expect(await queued2.done).toEqual({ status: 'cancelled' })
      blocker.stop()
      expect((await blocker.done).status).toBe('done')
      expect(q1.rec.states).toEqual(['queued'])

      expect((await small.run({ runId: 9, kind: 'quick', params: { x: 2 }, seed: 1 }, recorder().handlers).done).status).toBe('done')
      expect(small.stats().spawned).toBe(1)
    } finally {
      await small.close()
    }
  })

  it('a control update and a cancel both cut short a throttled wait (one unit per 20 s)', async () => {
    const small = fixturePool({ size: 1 })
    try {
      const { rec, handlers } = recorder()
      const h = small.run({ runId: 11, kind: 'counter', params: { units: 0, rate: 0.05 }, seed: 1 }, handlers)
      await until(() => rec.rows.length === 1, 'the first unit') // the first checkpoint passes at once
      h.control({ gain: 2 })
      await until(() => rec.rows.length === 2, 'the next unit, released by the control update', 10_000)
      expect(rec.rows[1].gain).toBe(2)
      h.cancel()
      expect(await h.done).toEqual({ status: 'cancelled' })
      // Woken from its wait, not killed after the grace time: still the one worker.
      expect(small.stats()).toEqual({ workers: 1, busy: 0, queued: 0, spawned: 1 })
    } finally {
      await small.close()
    }
  })

  it('ignores control calls after the end', async () => {
    const { handlers } = recorder()
    const h = pool.run({ runId: 10, kind: 'quick', params: { x: 1 }, seed: 1 }, handlers)
    await h.done
    h.control({ gain: 1 })
    h.pause()
    h.step()
    h.resume()
    h.stop()
    h.cancel()
    expect(h.state).toBe('done')
    expect(await h.done).toEqual({ status: 'done', result: { twice: 2, seed: 1, init: null } })
  })
})
