// runIsingLive through the synchronous local JobContext.
import { describe, expect, expectTypeOf, it } from 'vitest'
import { runIsingLive, type IsingLiveControl, type IsingLiveParams } from '../../../src/engine/ising/live'
import { energy, magnetization } from '../../../src/engine/ising/energy'
import { localContext } from '../../../src/engine/localContext'
import type { JobContext } from '../../../src/engine/job'
import type { IsingLiveControl as SharedControl, IsingLiveParams as SharedParams } from '../../../src/shared/kinds/ising'

const base: IsingLiveParams = { L: 16, T: 2.269, J: 1, B: 0, sweeps: 200, measureEvery: 5, start: 'random', maxSweepsPerSecond: 0 }

/** The measurement rows (e, m, |m|) and the rows that record the controls (T, B, J, speed), each with its step. */
function split(record: { steps: number[]; rows: Record<string, number>[] }) {
  const pick = (isControl: boolean) => {
    const i = record.rows.flatMap((r, k) => ('T' in r === isControl ? [k] : []))
    return { steps: i.map((k) => record.steps[k]), rows: i.map((k) => record.rows[k]) }
  }
  return { measured: pick(false), controls: pick(true) }
}

describe('runIsingLive', () => {
  it('takes exactly the shapes of the shared zod contract (checked by tsc)', () => {
    expectTypeOf<IsingLiveParams>().toEqualTypeOf<SharedParams>()
    expectTypeOf<IsingLiveControl>().toEqualTypeOf<SharedControl>()
  })

  it('emits e, m, |m| every measureEvery sweeps, reports progress, stores the final lattice', () => {
    const { ctx, record: all } = localContext<IsingLiveControl>(1, { keepFrames: true })
    const out = runIsingLive(base, ctx)
    const record = { ...all, ...split(all).measured }
    expect(split(all).controls).toEqual({ steps: [0], rows: [{ T: 2.269, B: 0, J: 1, maxSweepsPerSecond: 0 }] })
    expect(record.steps).toEqual(Array.from({ length: 40 }, (_, k) => 5 * (k + 1)))
    for (const row of record.rows) {
      expect(Object.keys(row).sort()).toEqual(['absM', 'e', 'm'])
      expect(row.absM).toBe(Math.abs(row.m))
      expect(row.e).toBeGreaterThanOrEqual(-2)
      expect(row.e).toBeLessThanOrEqual(2)
    }
    expect(record.progress).toBe(1)
    expect(out.sweeps).toBe(200)
    const art = record.artifacts.get('lattice')
    expect(art?.meta).toEqual({ L: 16 })
    const lattice = art!.data as Int8Array
    expect(lattice).toBeInstanceOf(Int8Array)
    expect(lattice.length).toBe(256)
    // the returned observables are those of the stored lattice, and of the last emitted row
    expect(out.e).toBe(energy(lattice, 16, 1, 0) / 256)
    expect(out.m).toBe(magnetization(lattice) / 256)
    expect(out.e).toBe(record.rows[39].e)
    expect(record.frames).toBeGreaterThan(0)
    expect(record.lastFrame).toEqual(lattice)
    expect(out.runMeanAbsM).toBeCloseTo(record.rows.reduce((s, r) => s + r.absM, 0) / 40, 12)
  })

  it('same seed, same run', () => {
    const a = localContext<IsingLiveControl>(7)
    const b = localContext<IsingLiveControl>(7)
    runIsingLive({ ...base, L: 64, sweeps: 30, measureEvery: 1 }, a.ctx)
    runIsingLive({ ...base, L: 64, sweeps: 30, measureEvery: 1 }, b.ctx)
    expect(a.record.rows).toEqual(b.record.rows)
  })

  it('honours live T and B: a cold quench orders the lattice, a strong field then sets its sign', () => {
    // 50 sweeps at T = 20 (disordered), then T = 0.5 with a field B = −2 for the rest.
    const controls: (Partial<IsingLiveControl> | null)[] = Array(50).fill(null)
    controls.push({ T: 0.5, B: -2 })
    const { ctx, record: all } = localContext<IsingLiveControl>(3, { controls })
    const out = runIsingLive({ ...base, L: 32, T: 20, sweeps: 150, measureEvery: 1 }, ctx)
    const { measured: record, controls: history } = split(all)
    // The 51st checkpoint (after sweep 51) hands over the change: it holds from sweep 51 on.
    expect(history).toEqual({
      steps: [0, 51],
      rows: [
        { T: 20, B: 0, J: 1, maxSweepsPerSecond: 0 },
        { T: 0.5, B: -2, J: 1, maxSweepsPerSecond: 0 }
      ]
    })
    const hot = record.rows.slice(0, 50)
    expect(Math.max(...hot.map((r) => r.absM))).toBeLessThan(0.2)
    const last = record.rows[record.rows.length - 1]
    expect(last.m).toBeLessThan(-0.99)
    expect(out.T).toBe(0.5)
    expect(out.B).toBe(-2)
  })

  it('changes J live (to an antiferromagnet: the Néel state has m ≈ 0 and E/N ≈ −2)', () => {
    const { ctx, record: all } = localContext<IsingLiveControl>(4, { controls: [{ J: -1, T: 0.3 }] })
    const out = runIsingLive({ ...base, L: 16, T: 1, start: 'up', sweeps: 3000, measureEvery: 100 }, ctx)
    const record = split(all).measured
    expect(split(all).controls.rows.map((r) => [r.J, r.T])).toEqual([
      [1, 1],
      [-1, 0.3]
    ])
    expect(record.rows[0].m).toBeLessThan(0.5)
    expect(out.J).toBe(-1)
    expect(out.e).toBeLessThan(-1.8)
  })

  it('runs until stopped when sweeps = 0, and throttles as asked', () => {
    const controls: (Partial<IsingLiveControl> | 'stop' | null)[] = [null, { maxSweepsPerSecond: 30 }, null, null, 'stop', null]
    const { ctx, record: all } = localContext<IsingLiveControl>(5, { controls })
    const rates: number[] = []
    const spy: JobContext<IsingLiveControl> = { ...ctx, throttle: (r: number) => rates.push(r) }
    const out = runIsingLive({ ...base, sweeps: 0, measureEvery: 1, maxSweepsPerSecond: 10 }, spy)
    expect(out.sweeps).toBe(5)
    const { measured, controls: history } = split(all)
    expect(measured.steps).toEqual([1, 2, 3, 4, 5])
    // The speed cap is a control too: its change is in the history, from sweep 2 on.
    expect(history.steps).toEqual([0, 2])
    expect(history.rows.map((r) => r.maxSweepsPerSecond)).toEqual([10, 30])
    expect(rates).toEqual([10, 30])
    expect(all.artifacts.has('lattice')).toBe(true)
  })
})
