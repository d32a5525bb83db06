// The lab service end to end in-process: real SQLite in a temp folder, real worker threads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import type { Envelope } from '../../src/shared/errors'
import type { LabEvent, RunSummary } from '../../src/shared/types'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'
import { localDateTime } from '../../src/shared/localTime'

let t: TestLab
let lab: LabService
beforeAll(async () => {
  t = await startTestLab(2)
  lab = t.lab
})
afterAll(() => t.close())


const listAll = async (): Promise<RunSummary[]> => (await lab.invoke('runs.list', { includeScratch: true })) as RunSummary[]

describe('bad input gets a clear error and changes nothing', () => {
  const good = { L: 16, T: 2, sweeps: 10 }
  const cases: [string, unknown, RegExp][] = [
    ['L < 2', { ...good, L: 1 }, /L must be at least 2/],
    ['L > 4096', { ...good, L: 8192 }, /L must be at most 4096/],
    ['T = 0', { ...good, T: 0 }, /T must be > 0/],
    ['T < 0', { ...good, T: -1 }, /T must be > 0/],
    ['NaN', { ...good, T: NaN }, /T/],
    ['Infinity', { ...good, B: Infinity }, /B/],
    ['an extra field', { ...good, colour: 'red' }, /colour/],
    ['a mistyped field', { ...good, L: '16' }, /L/],
    ['a fractional L', { ...good, L: 16.5 }, /L/]
  ]
  for (const [what, params, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await listAll()
      const env = (await lab.call('jobs.start', { kind: 'ising.live', params })) as Envelope<unknown>
      expect(env.ok).toBe(false)
      if (env.ok) return
      expect(env.error.code).toBe('invalid')
      expect(env.error.message).toMatch(message)
      expect(await listAll()).toEqual(before)
    })
  }

  it('refuses an unknown job kind, naming the known ones', async () => {
    const env = (await lab.call('jobs.start', { kind: 'ising.nope', params: good })) as Envelope<unknown>
    expect(env).toMatchObject({ ok: false, error: { code: 'unknown_kind' } })
    if (!env.ok) expect(env.error.message).toContain('ising.live')
  })

  it('refuses an unknown method and malformed envelopes', async () => {
    expect(await lab.call('runs.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    expect(await lab.call('runs.get', { runId: -3 })).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(await lab.call('runs.get', { runId: 999999 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await lab.call('jobs.start', { kind: 'ising.live', params: good, extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })

  it('refuses control of a run that is not running, and invalid control values', async () => {
    expect(await lab.call('jobs.control', { runId: 424242, control: { T: 2 } })).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })
})

describe('a run from start to store', () => {
  it('runs ising.live in a worker, streams metrics and frames, and stores curves, lattice and result', async () => {
    const events: LabEvent[] = []
    const off = lab.subscribe((e) => events.push(e))
    const { runId, seed } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 32, T: 2.0, sweeps: 300 }, seed: 11 })
    expect(seed).toBe(11)
    const end = await waitForEnd(lab, runId)
    off()
    expect(end.status).toBe('done')
    const metrics = events.filter((e) => e.type === 'job.metrics' && e.runId === runId)
    expect(metrics.length).toBeGreaterThan(0)
    expect(events.some((e) => e.type === 'job.frame' && e.runId === runId)).toBe(true)

    const detail = await lab.invoke('runs.get', { runId })
    expect(detail).toMatchObject({ status: 'done', kind: 'ising.live', seed: 11, kept: true })
    expect(detail.params).toMatchObject({ L: 32, T: 2, J: 1, B: 0 })
    const series = await lab.invoke('runs.series', { runId })
    // Step 0 holds the controls it started with; steps 1…300 the measurements.
    expect(series.steps.length).toBe(301)
    expect(Object.keys(series.values).sort()).toEqual(['B', 'J', 'T', 'absM', 'e', 'm', 'maxSweepsPerSecond'])
    expect([series.values.T[0], series.values.B[0], series.values.J[0]]).toEqual([2, 0, 1])
    expect(Number.isNaN(series.values.e[0])).toBe(true)
    for (const v of series.values.e.slice(1)) expect(v).toBeGreaterThanOrEqual(-2)
    const lattice = await lab.invoke('runs.artifact', { runId, name: 'lattice' })
    expect(lattice.data.length).toBe(32 * 32)
    expect(lattice.data.every((s) => s === 1 || s === -1)).toBe(true)

    const csv = await lab.invoke('runs.export', { runId, format: 'csv' })
    const [first, ...columns] = csv.text.split('\n')[0].split(',')
    expect(first).toBe('step')
    expect(columns.sort()).toEqual(['B', 'J', 'T', 'absM', 'e', 'm', 'maxSweepsPerSecond'])
    expect(csv.text.trim().split('\n')).toHaveLength(302)
  })

  it('names a run without a name by its title and the local time, as the lab shows dates', async () => {
    const tz = process.env.TZ
    process.env.TZ = 'Pacific/Kiritimati' // UTC+14: the local date and hour differ from UTC's
    try {
      const t0 = new Date()
      const { runId } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 8, T: 2, sweeps: 5 }, seed: 2 })
      await waitForEnd(lab, runId)
      const { name } = await lab.invoke('runs.get', { runId })
      const minutes = [t0, new Date()].map((d) => `Ising lattice (live) ${localDateTime(d, false)}`)
      expect(minutes).toContain(name)
      expect(name).not.toContain(t0.toISOString().slice(11, 16))
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })

  it('is reproducible: the same params and seed give the same curves', async () => {
    const a = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 16, T: 2.3, sweeps: 100 }, seed: 5 })
    const b = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 16, T: 2.3, sweeps: 100 }, seed: 5 })
    await Promise.all([waitForEnd(lab, a.runId), waitForEnd(lab, b.runId)])
    const sa = await lab.invoke('runs.series', { runId: a.runId })
    const sb = await lab.invoke('runs.series', { runId: b.runId })
    expect(Array.from(sa.values.e)).toEqual(Array.from(sb.values.e))
    expect(Array.from(sa.values.m)).toEqual(Array.from(sb.values.m))
  })

  it('takes a live temperature change, pauses, steps, and stops with status done', async () => {
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 32, T: 1.2, start: 'up', sweeps: 0 }, seed: 3, keep: false })
    const ended = waitForEnd(lab, runId)
    await new Promise((r) => setTimeout(r, 300))
    await lab.invoke('jobs.control', { runId, control: { T: 50 } })
    await new Promise((r) => setTimeout(r, 500))
    await lab.invoke('jobs.pause', { runId })
    await new Promise((r) => setTimeout(r, 200))
    const before = (await lab.invoke('runs.series', { runId })).steps.length
    await new Promise((r) => setTimeout(r, 300))
    expect((await lab.invoke('runs.series', { runId })).steps.length).toBe(before)
    expect(await lab.call('jobs.control', { runId, control: { T: -1 } })).toMatchObject({ ok: false, error: { code: 'invalid' } })
    await lab.invoke('jobs.stop', { runId })
    expect((await ended).status).toBe('done')
    const s = await lab.invoke('runs.series', { runId, names: ['absM'] })
    // Ordered start at T = 1.2, then T = 50: the last measurements are disordered.
    expect(s.values.absM[0]).toBeGreaterThan(0.9)
    expect(s.values.absM[s.values.absM.length - 1]).toBeLessThan(0.3)
    // The run kept the history of T: 1.2 from sweep 0, 50 from the sweep the change reached.
    const t = await lab.invoke('runs.series', { runId, names: ['T'] })
    expect(Array.from(t.values.T)).toEqual([1.2, 50])
    expect(t.steps[0]).toBe(0)
    // A scratch run stays out of the list until kept.
    expect((await lab.invoke('runs.list', {})).some((r) => r.id === runId)).toBe(false)
    await lab.invoke('runs.keep', { runId, name: 'melted' })
    expect((await lab.invoke('runs.list', {})).find((r) => r.id === runId)?.name).toBe('melted')
  })

  it('cancels a run: status cancelled, what it stored stays', async () => {
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 64, T: 2.269, sweeps: 0 }, seed: 9 })
    const ended = waitForEnd(lab, runId)
    await new Promise((r) => setTimeout(r, 500))
    await lab.invoke('jobs.cancel', { runId })
    expect((await ended).status).toBe('cancelled')
    expect((await lab.invoke('runs.get', { runId })).status).toBe('cancelled')
    expect((await lab.invoke('runs.series', { runId })).steps.length).toBeGreaterThan(0)
  })

  it('lists kinds with JSON Schemas generated from zod', async () => {
    const kinds = await lab.invoke('jobs.kinds', {})
    const ising = kinds.find((k) => k.kind === 'ising.live')
    expect(ising?.paramsSchema).toMatchObject({ type: 'object', properties: { L: { type: 'integer', minimum: 2, maximum: 4096 } } })
  })
})
