// The worker pool with real worker threads: what a task reports arrives complete, in
// order, throttled, and the same seed gives the same run.

import { afterAll, describe, expect, it } from 'vitest'
import { createRng } from '../../src/engine/rng'
import { fixturePool, range, recorder, until } from './poolHarness'

const pool = fixturePool({ size: 2 })
afterAll(() => pool.close())

/** The counter fixture's x column for a seed: one uniform draw per unit, nothing else drawn. */
function expectedX(seed: number, n: number): number[] {
  const rng = createRng(seed)
  return range(n).map(() => rng.uniform())
}

describe('WorkerPool: reports', () => {
  it('delivers every metric row in order, in batches of at most 2,000, then the result', async () => {
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 1, kind: 'counter', params: { units: 5000 }, seed: 11 }, handlers)
    const out = await h.done
    expect(out).toEqual({ status: 'done', result: { units: 5000, stopped: false, lastX: expectedX(11, 5000)[4999] } })
    expect(h.state).toBe('done')
    expect(rec.steps).toEqual(range(5000))
    expect(rec.rows.map((r) => r.i)).toEqual(range(5000))
    expect(rec.rows.map((r) => r.x)).toEqual(expectedX(11, 5000))
    expect(rec.rows.every((r) => r.gain === 0 && Object.keys(r).join() === 'i,x,gain')).toBe(true)
    expect(rec.batches.length).toBeGreaterThanOrEqual(3)
    expect(Math.max(...rec.batches)).toBeLessThanOrEqual(2000)
    expect(rec.logs[0]).toBe('counter: 5000 units')
    expect(rec.artifacts).toHaveLength(1)
    expect(rec.artifacts[0].name).toBe('last')
    expect(rec.artifacts[0].data).toBeInstanceOf(Float64Array)
    expect(Array.from(rec.artifacts[0].data)).toEqual([5000, expectedX(11, 5000)[4999]])
    expect(rec.artifacts[0].meta).toEqual({ units: 5000 })
    expect(rec.states[0]).toBe('running')
  })

  it('throttles frames to ~75/s, copies each one, and shows the last one at the end', async () => {
    const { rec, handlers } = recorder()
    const t0 = performance.now()
    // 1,500 units paced at 3,000/s: ~0.5 s, a frame() call every unit.
    const h = pool.run({ runId: 2, kind: 'counter', params: { units: 1500, rate: 3000, frameSize: 1000, frameAlways: true }, seed: 1 }, handlers)
    expect((await h.done).status).toBe('done')
    const elapsed = (performance.now() - t0) / 1000
    const n = rec.frames.length
    expect(n).toBeGreaterThanOrEqual(2)
    // At most one frame per 1/75 s of the task's life (plus the first and the final one).
    expect(n).toBeLessThanOrEqual(Math.ceil(elapsed * 75) + 2)
    expect(n).toBeLessThan(1500 / 5)
    const idx = rec.frames.map((f) => f.meta.i as number)
    for (let k = 1; k < n; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1])
    expect(idx[n - 1]).toBe(1499)
    for (const f of rec.frames) {
      expect(f.data).toBeInstanceOf(Int32Array)
      expect(f.data.length).toBe(1000)
      // The fixture refills one buffer every unit: a frame holding only its own index was copied when sent.
      expect(f.data.every((v) => v === f.meta.i)).toBe(true)
    }
  })

  it('holds big frames to a byte budget (4 MB frames: ≤ ~5/s)', async () => {
    const { rec, handlers } = recorder()
    const t0 = performance.now()
    // frameDue() mode: the fixture prepares a frame only when one would be sent.
    const h = pool.run({ runId: 3, kind: 'counter', params: { units: 500, rate: 1000, frameSize: 1_000_000 }, seed: 1 }, handlers)
    expect((await h.done).status).toBe('done')
    const elapsed = (performance.now() - t0) / 1000
    expect(rec.frames.length).toBeGreaterThanOrEqual(1)
    expect(rec.frames.length).toBeLessThanOrEqual(Math.ceil(elapsed * 5) + 2)
    for (const f of rec.frames) expect(f.data[0] === f.meta.i && f.data[999_999] === f.meta.i).toBe(true)
  })

  it('reports progress throttled, with an ETA, ending at 1 with 0 s left', async () => {
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 4, kind: 'counter', params: { units: 1200, rate: 1500 }, seed: 1 }, handlers)
    expect((await h.done).status).toBe('done')
    const p = rec.progress
    expect(p.length).toBeGreaterThanOrEqual(3)
    expect(p.length).toBeLessThan(1200 / 10) // ~5/s, not one per unit
    for (let k = 1; k < p.length; k++) expect(p[k].fraction).toBeGreaterThan(p[k - 1].fraction)
    expect(p[0].eta).toBeNull() // one sample gives no rate
    const mid = p.slice(1, -1)
    expect(mid.length).toBeGreaterThan(0)
    for (const q of mid) {
      expect(q.eta).not.toBeNull()
      expect(q.eta as number).toBeGreaterThan(0)
      expect(Number.isFinite(q.eta)).toBe(true)
    }
    expect(p[p.length - 1]).toEqual({ fraction: 1, eta: 0 })
  })

  it('gives the same metrics for the same seed, on whichever worker, and different ones for another seed', async () => {
    const a = recorder()
    const b = recorder()
    const c = recorder()
    const ha = pool.run({ runId: 5, kind: 'counter', params: { units: 300 }, seed: 42 }, a.handlers)
    const hb = pool.run({ runId: 6, kind: 'counter', params: { units: 300 }, seed: 42 }, b.handlers)
    await Promise.all([ha.done, hb.done])
    await pool.run({ runId: 7, kind: 'counter', params: { units: 300 }, seed: 43 }, c.handlers).done
    expect(a.rec.rows).toHaveLength(300)
    expect(b.rec.rows).toEqual(a.rec.rows)
    expect(c.rec.rows.map((r) => r.x)).not.toEqual(a.rec.rows.map((r) => r.x))
    expect(c.rec.rows.map((r) => r.x)).toEqual(expectedX(43, 300))
  })

  it('runs a loop-free job and passes params, seed and the starting state', async () => {
    const { handlers } = recorder()
    const out = await pool.run({ runId: 8, kind: 'quick', params: { x: 3 }, seed: 5, init: { a: [1, 2] } }, handlers).done
    expect(out).toEqual({ status: 'done', result: { twice: 6, seed: 5, init: { a: [1, 2] } } })
  })

  it('fails a task of an unknown kind with a clear message', async () => {
    const { handlers } = recorder()
    expect(await pool.run({ runId: 9, kind: 'nope', params: {}, seed: 1 }, handlers).done).toEqual({
      status: 'failed',
      error: "unknown job kind 'nope'"
    })
  })

  it('queues FIFO beyond the pool size, reuses its workers, and delivers control sent while queued', async () => {
    const small = fixturePool({ size: 1 })
    try {
      const first = recorder()
      const second = recorder()
      const a = small.run({ runId: 10, kind: 'counter', params: { units: 0, rate: 200 }, seed: 1 }, first.handlers)
      const b = small.run({ runId: 11, kind: 'counter', params: { units: 5 }, seed: 2 }, second.handlers)
      const c = small.run({ runId: 12, kind: 'quick', params: { x: 1 }, seed: 3 }, recorder().handlers)
      expect([a.state, b.state, c.state]).toEqual(['running', 'queued', 'queued'])
      expect(second.rec.states).toEqual(['queued'])
      expect(small.active().map((j) => [j.runId, j.state])).toEqual([
        [10, 'running'],
        [11, 'queued'],
        [12, 'queued']
      ])
      b.control({ gain: 7 })
      b.control({ gain: 9 })
      const order: number[] = []
      for (const h of [a, b, c]) void h.done.then(() => order.push(h.runId))
      await until(() => first.rec.rows.length >= 5, 'the first task to run')
      expect(b.state).toBe('queued')
      expect(second.rec.rows).toHaveLength(0)
      a.stop()
      await Promise.all([a.done, b.done, c.done])
      expect(order).toEqual([10, 11, 12])
      expect(second.rec.rows.map((r) => r.gain)).toEqual([9, 9, 9, 9, 9])
      expect(small.stats()).toEqual({ workers: 1, busy: 0, queued: 0, spawned: 1 })
      expect(small.active()).toEqual([])
    } finally {
      await small.close()
    }
  })

  it('warm() starts one idle worker per lane that the first task of each lane then runs on (no more spawns); warming again does nothing', async () => {
    const warmed = fixturePool({ size: 2 })
    try {
      warmed.warm()
      warmed.warm()
      expect(warmed.stats()).toEqual({ workers: 2, busy: 0, queued: 0, spawned: 2 })
      const h = warmed.run({ runId: 20, kind: 'quick', params: { x: 2 }, seed: 1 }, recorder().handlers)
      const i = warmed.run({ runId: 21, kind: 'quick', params: { x: 2 }, seed: 1, lane: 'interactive' }, recorder().handlers)
      expect((await h.done).status).toBe('done')
      expect((await i.done).status).toBe('done')
      expect(warmed.stats()).toEqual({ workers: 2, busy: 0, queued: 0, spawned: 2 })
    } finally {
      await warmed.close()
    }
  })

  it('a paused interactive task never holds the worker a batch task waits for; each lane queues FIFO on its own workers', async () => {
    // One batch worker, as on a two-core machine; one interactive worker.
    const lanes = fixturePool({ size: 1, interactiveSize: 1 })
    try {
      const live = recorder()
      const liveHandle = lanes.run({ runId: 30, kind: 'counter', params: { units: 0, rate: 500 }, seed: 1, lane: 'interactive' }, live.handlers)
      await until(() => live.rec.rows.length >= 3, 'the live task to run')
      liveHandle.pause()
      await until(() => liveHandle.state === 'paused', 'the live task to hold')
      // A second interactive task waits for the paused one: its lane is full.
      const recall = lanes.run({ runId: 31, kind: 'quick', params: { x: 1 }, seed: 1, lane: 'interactive' }, recorder().handlers)
      expect(recall.state).toBe('queued')
      // A batch task runs at once on its own worker and finishes while the live task stays paused.
      const sweep = recorder()
      const batch = lanes.run({ runId: 32, kind: 'counter', params: { units: 50 }, seed: 2 }, sweep.handlers)
      expect(batch.state).toBe('running')
      expect((await batch.done).status).toBe('done')
      expect(sweep.rec.rows).toHaveLength(50)
      expect(liveHandle.state).toBe('paused')
      expect(recall.state).toBe('queued')
      expect(lanes.active().map((t) => [t.runId, t.lane, t.state])).toEqual([
        [30, 'interactive', 'paused'],
        [31, 'interactive', 'queued']
      ])
      liveHandle.stop()
      expect((await liveHandle.done).status).toBe('done')
      expect((await recall.done).status).toBe('done')
      expect(lanes.stats()).toEqual({ workers: 2, busy: 0, queued: 0, spawned: 2 })
    } finally {
      await lanes.close()
    }
  })
})
