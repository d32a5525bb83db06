// The rules of the metrics' backpressure, alone: which rows a host keeps at a given k, how k
// follows the pressure, and how far behind the store, main and the viewers count as.
import { describe, expect, it } from 'vitest'
import { behindLevel, MAX_KEEP_EVERY, MetricThinning, UNHANDLED_HARD, UNHANDLED_SOFT } from '../../src/main/jobs/metricThinning'
import { Pressure } from '../../src/main/jobs/messages'
import { pressureLevel, STORE_BEHIND_VALUES, STORE_FAR_BEHIND_VALUES, VIEWER_BEHIND_BYTES } from '../../src/main/service/backpressure'

describe('MetricThinning', () => {
  it('keeps every row until told otherwise, then exactly one row in k, the first of each k', () => {
    const t = new MetricThinning()
    const kept: number[] = []
    for (let i = 0; i < 5; i++) if (t.take()) kept.push(i)
    expect(t.adapt(Pressure.BEHIND, 0)).toBeNull() // a lag shorter than a second thins nothing
    expect(t.adapt(Pressure.BEHIND, 900)).toBeNull()
    expect(t.adapt(Pressure.BEHIND, 1000)).toBe('raised')
    expect(t.adapt(Pressure.BEHIND, 1010)).toBeNull() // at most one doubling per 50 ms
    expect(t.adapt(Pressure.BEHIND, 1060)).toBe('raised')
    expect(t.keepEvery).toBe(4)
    for (let i = 5; i < 21; i++) if (t.take()) kept.push(i)
    expect(kept).toEqual([0, 1, 2, 3, 4, 5, 9, 13, 17])
    expect(t.offered).toBe(21)
    expect(t.kept).toBe(9)
    expect(t.summary()).toBe(
      "Metrics: 9 of 21 rows kept (at most one in 4) while the run store or a viewer could not keep up; each kept row says in 'keptEvery' how many it stands for."
    )
  })

  it('a calm moment restarts the second of patience', () => {
    const t = new MetricThinning()
    expect(t.adapt(Pressure.BEHIND, 0)).toBeNull()
    expect(t.adapt(Pressure.NONE, 600)).toBeNull()
    expect(t.adapt(Pressure.BEHIND, 700)).toBeNull()
    expect(t.adapt(Pressure.BEHIND, 1600)).toBeNull()
    expect(t.adapt(Pressure.BEHIND, 1700)).toBe('raised')
  })

  it('halves k after 200 ms of calm, back to every row, and never doubles past its maximum', () => {
    const t = new MetricThinning()
    let now = 0
    t.adapt(Pressure.FAR_BEHIND, now)
    now += 1000
    while (t.keepEvery < MAX_KEEP_EVERY) t.adapt(Pressure.FAR_BEHIND, (now += 50))
    expect(t.adapt(Pressure.BEHIND, (now += 50))).toBeNull()
    expect(t.adapt(Pressure.NONE, now + 100)).toBeNull()
    let steps = 0
    while (t.keepEvery > 1) if (t.adapt(Pressure.NONE, (now += 200)) === 'lowered') steps++
    expect(steps).toBe(20) // 2²⁰ → 1 in 20 halvings: 4 s
    expect(t.maxKeepEvery).toBe(MAX_KEEP_EVERY)
    expect(new MetricThinning().summary()).toBeNull()
  })
})

describe('how far behind', () => {
  it('main: from the batches it has not handled', () => {
    expect(behindLevel(Pressure.NONE, UNHANDLED_SOFT - 1)).toBe(Pressure.NONE)
    expect(behindLevel(Pressure.NONE, UNHANDLED_SOFT)).toBe(Pressure.BEHIND)
    expect(behindLevel(Pressure.NONE, UNHANDLED_HARD)).toBe(Pressure.FAR_BEHIND)
    expect(behindLevel(Pressure.FAR_BEHIND, 0)).toBe(Pressure.FAR_BEHIND)
  })

  it('the store and the viewers: a slow viewer thins the metrics but never holds them', () => {
    expect(pressureLevel(STORE_BEHIND_VALUES - 1, VIEWER_BEHIND_BYTES - 1)).toBe(Pressure.NONE)
    expect(pressureLevel(STORE_BEHIND_VALUES, 0)).toBe(Pressure.BEHIND)
    expect(pressureLevel(0, VIEWER_BEHIND_BYTES)).toBe(Pressure.BEHIND)
    expect(pressureLevel(0, 1e12)).toBe(Pressure.BEHIND)
    expect(pressureLevel(STORE_FAR_BEHIND_VALUES, 0)).toBe(Pressure.FAR_BEHIND)
  })
})
