// The real thing: the 'ising.live' kind through the lab's own worker script
// (src/main/jobs/worker.ts, resolved the way the app resolves it), on a 16×16 lattice.

import { afterAll, describe, expect, it } from 'vitest'
import { localContext } from '../../src/engine/localContext'
import { runIsingLive } from '../../src/engine/ising/live'
import { isingLiveParams } from '../../src/shared/kinds/ising'
import { WorkerPool } from '../../src/main/jobs/pool'
import { Pressure } from '../../src/main/jobs/messages'
import { range, recorder, until } from './poolHarness'

const pool = new WorkerPool({ size: 1 })
afterAll(() => pool.close())

/** Onsager–Yang spontaneous magnetization of the infinite square lattice, J = 1, T < Tc. */
const onsagerM = (T: number): number => (1 - Math.sinh(2 / T) ** -4) ** (1 / 8)

describe('WorkerPool: ising.live on the real worker', () => {
  it('runs 300 sweeps of L=16 exactly as in-thread, with the ordered-phase magnetization', async () => {
    const params = isingLiveParams.parse({ L: 16, T: 1.5, sweeps: 300, start: 'up' })
    const { rec, handlers } = recorder()
    const out = await pool.run({ runId: 1, kind: 'ising.live', params, seed: 2024 }, handlers).done
    expect(out.status).toBe('done')
    if (out.status !== 'done') return

    // The same engine in this thread with the same seed: the worker changes nothing.
    const local = localContext(2024)
    const expected = runIsingLive(params, local.ctx)
    expect(out.result).toEqual(expected)
    // A row of the controls it starts with (step 0), then one measurement per sweep.
    expect(rec.steps).toEqual([0, ...range(300).map((k) => k + 1)])
    expect(rec.rows[0]).toEqual({ T: 1.5, B: 0, J: 1, maxSweepsPerSecond: 0 })
    expect(rec.rows).toEqual(local.record.rows)

    // Physics: at T = 1.5 the 16×16 lattice stays ordered, ⟨|m|⟩ ≈ M(1.5) = 0.9866 (finite-size shift ≪ 0.02).
    expect(Math.abs((out.result.runMeanAbsM as number) - onsagerM(1.5))).toBeLessThan(0.02)

    expect(rec.frames.length).toBeGreaterThanOrEqual(1)
    for (const f of rec.frames) {
      expect(f.data).toBeInstanceOf(Int8Array)
      expect(f.data.length).toBe(256)
      expect(f.meta).toMatchObject({ L: 16 })
      expect(Number.isInteger(f.meta.sweep) && (f.meta.sweep as number) >= 0 && (f.meta.sweep as number) <= 300).toBe(true)
      expect(f.data.every((s) => s === 1 || s === -1)).toBe(true)
    }
    const lattice = rec.artifacts.find((a) => a.name === 'lattice')
    expect(lattice).toBeDefined()
    const sum = Array.from(lattice?.data ?? []).reduce((a, b) => a + b, 0)
    expect(sum / 256).toBeCloseTo(out.result.m as number, 12)
    expect(rec.progress[rec.progress.length - 1]).toEqual({ fraction: 1, eta: 0 })
  })

  it('heating it live (T 1.5 → 10) disorders it, and stop returns the result', async () => {
    const params = isingLiveParams.parse({ L: 16, T: 1.5, sweeps: 0, start: 'up', maxSweepsPerSecond: 2000 })
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 2, kind: 'ising.live', params, seed: 7 }, handlers)
    const measured = (): Record<string, number>[] => rec.rows.filter((r) => 'absM' in r)
    await until(() => measured().length >= 50, '50 ordered sweeps')
    h.control({ T: 10 })
    const at = measured().length
    await until(() => measured().length >= at + 300, '300 hot sweeps')
    h.stop()
    const out = await h.done
    expect(out.status).toBe('done')
    if (out.status !== 'done') return
    expect(out.result.T).toBe(10)
    const tail = measured().slice(-100)
    const meanAbsM = tail.reduce((a, r) => a + r.absM, 0) / tail.length
    // Deep in the paramagnet, |m| ~ N^-1/2 = 1/16; far below the ordered 0.99.
    expect(meanAbsM).toBeLessThan(0.3)
    expect(measured().slice(0, 50).every((r) => r.absM > 0.9)).toBe(true)
    // The history of the controls: T = 1.5 from the start, T = 10 from the sweep the change reached.
    expect(rec.rows.filter((r) => 'T' in r).map((r) => r.T)).toEqual([1.5, 10])
  })

  it('while its measurements are thinned (the store falls behind), every change of the controls is still recorded', async () => {
    const params = isingLiveParams.parse({ L: 16, T: 2, sweeps: 0, measureEvery: 1, maxSweepsPerSecond: 0 })
    const { rec, handlers } = recorder()
    const h = pool.run({ runId: 3, kind: 'ising.live', params, seed: 9 }, handlers)
    try {
      await until(() => rec.rows.length > 500, 'sweeps')
      pool.setPressure(Pressure.BEHIND)
      await until(() => rec.rows.some((r) => (r.keptEvery ?? 1) >= 16), 'one measurement in 16')
      // Each change is one row among ≥ 16 offered per kept one: thinned, it would most likely be lost.
      for (const T of [3, 1.5, 2.5]) {
        h.control({ T })
        await until(() => rec.rows.some((r) => r.T === T), `the record of T = ${T}`)
      }
    } finally {
      pool.setPressure(Pressure.NONE)
      h.stop()
    }
    expect((await h.done).status).toBe('done')
    const records = rec.rows.filter((r) => 'T' in r)
    expect(records.map((r) => r.T)).toEqual([2, 3, 1.5, 2.5])
    // A record stands for itself, not for skipped rows.
    expect(records.every((r) => r.keptEvery === undefined)).toBe(true)
  })
})
