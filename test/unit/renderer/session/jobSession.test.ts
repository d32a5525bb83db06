// The renderer's one job session (src/renderer/lib/jobSession.svelte.ts), driven through a fake
// lab service that stands where window.lab stands (fakeLab.ts): the truth here is the protocol
// — what the service answers and emits, in which order — and what a panel must then show.

import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { isingSweep, isingSweepParams, isingSweepResult } from '../../../../src/shared/kinds/isingSweep'
import { isingLive } from '../../../../src/shared/kinds/ising'
import { LabError } from '../../../../src/shared/errors'
import type { ActiveJob } from '../../../../src/shared/types'
import { deferred, FakeLab, runDetail, seriesOf, settle } from './fakeLab'

vi.setConfig({ testTimeout: 5000 })

const lab = new FakeLab()
lab.install()
// After install: the renderer's client takes window.lab at its first call.
const { JobSession } = await import('../../../../src/renderer/lib/jobSession.svelte')
const { RowSink } = await import('../../../../src/renderer/lib/rowSink.svelte')
const { FrameSink } = await import('../../../../src/renderer/lib/frameSink.svelte')
const { errors } = await import('../../../../src/renderer/lib/errors.svelte')

const SWEEP = isingSweep.kind
const INPUT = { sizes: [8], temperatures: [2, 3], equilibrationSweeps: 10, measurementSweeps: 50 }
const RESULT = { sizes: [8], temperatures: 2, algorithm: 'metropolis', measured: 50, points: 2, pointsPlanned: 2, stoppedEarly: false } as const
/** The two points of the sweep as the store holds them. */
const STORED = [
  { L: 8, T: 3, e: -0.8, absM: 0.2 },
  { L: 8, T: 2, e: -1.7, absM: 0.9 }
]

function sweepSession() {
  return new JobSession(SWEEP, { rows: new RowSink(), frames: new FrameSink({ key: (m) => `${m.L}/${m.T}`, closes: (r) => `${r.L}/${r.T}`, staleMs: 4000 }) })
}

const active = (job: Partial<ActiveJob> & Pick<ActiveJob, 'runId'>): ActiveJob => ({ kind: SWEEP, state: 'running', progress: 0, etaSeconds: null, control: {}, ...job })

/** The service's answers for one sweep run #runId with the stored points above. */
function serveSweep(runId: number, status: 'done' | 'cancelled' | 'interrupted' = 'done', result: Record<string, unknown> | null = RESULT): void {
  lab.on('jobs.active', () => [])
  lab.on('runs.get', ({ runId: id }) => {
    if (id !== runId) throw new LabError('not_found', `Run ${id} not found.`)
    return runDetail({ id, kind: SWEEP, params: INPUT, status, result })
  })
  lab.on('runs.series', () => seriesOf([0, 1], STORED))
}

let reported: [unknown, string | undefined][] = []
beforeAll(() => {
  vi.spyOn(errors, 'report').mockImplementation((e, context) => void reported.push([e, context]))
})
beforeEach(() => {
  lab.reset()
  reported = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('starting', () => {
  it('buffers the events that beat the answer of jobs.start: a run that ended before its id was known is shown ended, as stored', async () => {
    serveSweep(5)
    const answer = deferred<{ runId: number; seed: number }>()
    lab.on('jobs.start', () => answer.promise)
    const job = sweepSession()
    job.init()
    await settle()

    const started = job.start(INPUT, { seed: 9, name: 'tiny' })
    await settle()
    expect(job.phase).toBe('starting')
    // A tiny job runs and ends before the service has answered with its id; another run's events pass by.
    lab.status(4, SWEEP, 'running')
    lab.metrics(4, [0], [{ L: 16, T: 2, e: 0, absM: 0 }])
    lab.status(5, SWEEP, 'running')
    lab.metrics(5, [0, 1], [STORED[0], STORED[1]])
    lab.status(5, SWEEP, 'done', { result: RESULT })
    answer.resolve({ runId: 5, seed: 9 })
    expect(await started).toBe(true)
    await job.settled()

    expect(job.runId).toBe(5)
    expect(job.seed).toBe(9)
    expect(job.phase).toBe('ended')
    expect(job.endStatus).toBe('done')
    expect(job.fraction).toBe(1)
    // The rows are those the store holds (reloaded at the end), not the live ones plus the stored ones.
    expect(job.sinks.rows.rows).toEqual(STORED.map((row, step) => ({ step, row })))
    expect(job.result).toEqual(isingSweepResult.parse(RESULT))
    expect(lab.callsOf('jobs.start')).toEqual([{ kind: SWEEP, params: INPUT, seed: 9, name: 'tiny' }])
  })

  it('keeps the params of the run on show as the kind reads them, defaults filled in', async () => {
    serveSweep(6)
    lab.on('jobs.start', () => ({ runId: 6, seed: 1 }))
    const job = sweepSession()
    await job.start(INPUT)
    expect(job.params).toEqual(isingSweepParams.parse(INPUT))
    expect(job.params?.algorithm).toBe('metropolis')
    expect(job.name).toBeNull()
    expect(lab.callsOf('jobs.start')).toEqual([{ kind: SWEEP, params: INPUT }])
  })

  it('asks before work beyond the budget and sends confirm only when the user agrees', async () => {
    serveSweep(8)
    lab.on('jobs.start', (input) => {
      if (!input.confirm) throw new LabError('invalid', 'This Ising temperature sweep asks for 2.00e+12 units of work, beyond the budget.', ['confirm: required for work beyond the budget'])
      return { runId: 8, seed: 3 }
    })
    const job = sweepSession()
    expect(await job.start(INPUT, { name: 'big' })).toBe(false)
    expect(job.phase).toBe('idle')
    expect(job.pendingConfirm?.message).toContain('beyond the budget')
    expect(reported).toEqual([])

    await job.confirmStart()
    expect(job.pendingConfirm).toBeNull()
    expect(job.runId).toBe(8)
    expect(job.phase).toBe('running')
    expect(lab.callsOf('jobs.start').map((c) => c.confirm)).toEqual([undefined, true])
    expect(lab.callsOf('jobs.start')[1]).toMatchObject({ name: 'big', params: INPUT })
  })

  it('reports a refused start in the words of the service and stays idle', async () => {
    lab.on('jobs.start', () => {
      throw new LabError('invalid', 'Invalid params for ising.sweep.', ['sizes: give at least one lattice size'])
    })
    const job = new JobSession(SWEEP, {}, { startContext: 'Run the sweep' })
    expect(await job.start({ ...INPUT, sizes: [] })).toBe(false)
    expect(job.phase).toBe('idle')
    expect(reported).toHaveLength(1)
    expect((reported[0][0] as LabError).issues).toEqual(['sizes: give at least one lattice size'])
    expect(reported[0][1]).toBe('Run the sweep')
  })
})

describe('following a run', () => {
  it('goes from queued to running: waiting for a free worker is its own state', async () => {
    serveSweep(11)
    const answer = deferred<{ runId: number; seed: number }>()
    lab.on('jobs.start', () => answer.promise)
    const job = sweepSession()
    job.init()
    const started = job.start(INPUT)
    await settle()
    // Every worker is busy: the service says 'queued' before it answers.
    lab.status(11, SWEEP, 'queued')
    answer.resolve({ runId: 11, seed: 1 })
    await started
    expect(job.phase).toBe('running')
    expect(job.queued).toBe(true)
    lab.status(11, SWEEP, 'running')
    expect(job.queued).toBe(false)
    expect(job.phase).toBe('running')
  })

  it('pauses, resumes, steps, stops and cancels through the service, and follows the status it reports', async () => {
    serveSweep(12, 'cancelled', null)
    lab.on('jobs.start', () => ({ runId: 12, seed: 1 }))
    const held = deferred<{ ok: true }>()
    lab.on('jobs.pause', () => held.promise)
    lab.on('jobs.resume', () => ({ ok: true }))
    lab.on('jobs.step', () => ({ ok: true }))
    lab.on('jobs.stop', () => ({ ok: true }))
    lab.on('jobs.cancel', () => ({ ok: true }))
    const job = sweepSession()
    job.init()
    await job.start(INPUT)

    // Nothing to resume while it runs.
    await job.resume()
    expect(lab.callsOf('jobs.resume')).toEqual([])

    const pausing = job.pause()
    expect(job.busy).toBe(true)
    held.resolve({ ok: true })
    await pausing
    expect(job.busy).toBe(false)
    expect(job.phase).toBe('paused')
    await job.step()
    expect(lab.callsOf('jobs.step')).toEqual([{ runId: 12 }])
    await job.resume()
    expect(job.phase).toBe('running')
    // A step of a running job pauses it first.
    await job.step()
    expect(job.phase).toBe('paused')
    expect(lab.callsOf('jobs.pause')).toEqual([{ runId: 12 }, { runId: 12 }])
    // Another page paused or resumed it: the status events say so.
    lab.status(12, SWEEP, 'running')
    expect(job.phase).toBe('running')
    lab.status(12, SWEEP, 'paused')
    expect(job.phase).toBe('paused')

    await job.stop()
    await job.cancel()
    expect(lab.callsOf('jobs.stop')).toEqual([{ runId: 12 }])
    expect(lab.callsOf('jobs.cancel')).toEqual([{ runId: 12 }])
    // The run ends when the service says so; the finished points stay (reloaded from the store).
    expect(job.phase).toBe('paused')
    lab.status(12, SWEEP, 'cancelled')
    await job.settled()
    expect(job.phase).toBe('ended')
    expect(job.endStatus).toBe('cancelled')
    expect(job.fraction).toBe(0)
    expect(job.sinks.rows.rows).toHaveLength(2)
    // An ended run takes no more actions.
    await job.pause()
    await job.cancel()
    expect(lab.callsOf('jobs.pause')).toHaveLength(2)
    expect(lab.callsOf('jobs.cancel')).toHaveLength(1)
  })

  it('publishes rows, progress and frames at its tick; a finished row closes its frame, a silent one goes stale', async () => {
    vi.useFakeTimers()
    serveSweep(13)
    lab.on('jobs.start', () => ({ runId: 13, seed: 1 }))
    const job = sweepSession()
    job.init()
    await job.start(INPUT)
    const { rows, frames } = job.sinks
    const rev = rows.revision

    lab.emit({ type: 'job.frame', runId: 13, data: new Int8Array(64), meta: { L: 8, T: 3 } })
    lab.emit({ type: 'job.frame', runId: 13, data: new Int8Array(64), meta: { L: 8, T: 2 } })
    lab.emit({ type: 'job.progress', runId: 13, fraction: 0.5, etaSeconds: 4, note: 'L = 8, T = 2' })
    lab.metrics(13, [0], [STORED[0]])
    // Progress shows at once; rows and frames at the next tick.
    expect(job.fraction).toBe(0.5)
    expect(job.etaSeconds).toBe(4)
    expect(job.note).toBe('L = 8, T = 2')
    expect(rows.revision).toBe(rev)
    expect(frames.frames).toEqual([])
    await vi.advanceTimersByTimeAsync(150)
    expect(rows.revision).toBe(rev + 1)
    expect(rows.rows).toEqual([{ step: 0, row: STORED[0] }])
    // The point T = 3 has its row: its lattice is gone; T = 2 is still under way.
    expect(frames.frames.map((f) => f.key)).toEqual(['8/2'])
    expect(frames.frames[0]).toMatchObject({ width: 8, height: 8 })
    // Four seconds without a frame: that part has finished.
    await vi.advanceTimersByTimeAsync(4200)
    expect(frames.frames).toEqual([])
  })
})

describe('reattaching after a reload', () => {
  it('takes up the newest run of its kind still going: params, stored rows, paused phase, progress', async () => {
    serveSweep(21)
    lab.on('jobs.active', () => [
      active({ runId: 20 }),
      active({ runId: 21, state: 'paused', progress: 0.4, etaSeconds: 12 }),
      active({ runId: 22, kind: isingLive.kind })
    ])
    lab.on('runs.get', ({ runId }) => runDetail({ id: runId, kind: SWEEP, params: INPUT, status: 'running', name: 'reloaded' }))
    const seen: [number, number][] = []
    const job = new JobSession(SWEEP, { rows: new RowSink() }, { onReattach: (d, _p, _j, others) => void seen.push([d.id, others]) })
    job.init()
    await settle()

    expect(job.runId).toBe(21)
    expect(job.phase).toBe('paused')
    expect(job.source).toBe('live')
    expect(job.name).toBe('reloaded')
    expect(job.fraction).toBe(0.4)
    expect(job.etaSeconds).toBe(12)
    expect(job.params).toEqual(isingSweepParams.parse(INPUT))
    expect(job.sinks.rows.rows).toEqual(STORED.map((row, step) => ({ step, row })))
    expect(seen).toEqual([[21, 1]])
    // Live again: new rows follow the stored ones.
    lab.status(21, SWEEP, 'running')
    expect(job.phase).toBe('running')
    lab.metrics(21, [2], [{ L: 8, T: 2.5, e: -1.2, absM: 0.5 }])
    expect(job.sinks.rows.rows).toHaveLength(3)
  })

  it('reattaches to a job still waiting for a worker as queued', async () => {
    serveSweep(23)
    lab.on('jobs.active', () => [active({ runId: 23, state: 'queued' })])
    lab.on('runs.get', ({ runId }) => runDetail({ id: runId, kind: SWEEP, params: INPUT, status: 'running' }))
    const job = sweepSession()
    job.init()
    await settle()
    expect(job.phase).toBe('running')
    expect(job.queued).toBe(true)
  })

  it('does not lose the end of a run that ends while it is being taken up', async () => {
    serveSweep(24)
    lab.on('jobs.active', () => [active({ runId: 24 })])
    const detail = deferred<ReturnType<typeof runDetail>>()
    lab.on('runs.get', () => detail.promise)
    const job = sweepSession()
    job.init()
    await settle()
    // The run ends while its detail is on its way.
    lab.status(24, SWEEP, 'done', { result: RESULT })
    lab.on('runs.get', ({ runId }) => runDetail({ id: runId, kind: SWEEP, params: INPUT, status: 'done', result: RESULT }))
    detail.resolve(runDetail({ id: 24, kind: SWEEP, params: INPUT, status: 'running' }))
    await settle()
    await job.settled()
    expect(job.phase).toBe('ended')
    expect(job.endStatus).toBe('done')
    expect(job.result).toEqual(isingSweepResult.parse(RESULT))
  })

  it('notices that its run ended while the connection was down: the stored status, or gone when the store dropped it', async () => {
    serveSweep(25, 'interrupted', null)
    lab.on('jobs.start', () => ({ runId: 25, seed: 1 }))
    const job = sweepSession()
    await job.start(INPUT)
    await job.sync()
    expect(job.phase).toBe('ended')
    expect(job.endStatus).toBe('interrupted')

    lab.on('jobs.start', () => ({ runId: 26, seed: 1 }))
    await job.start(INPUT)
    await job.sync()
    expect(job.phase).toBe('ended')
    expect(job.endStatus).toBe('gone')
    expect(reported).toEqual([])
  })

  it('does not reattach when told not to, nor over a run already on show', async () => {
    serveSweep(27)
    lab.on('jobs.active', () => [active({ runId: 27 })])
    const off = new JobSession(SWEEP, {}, { reattach: false })
    off.init()
    await settle()
    expect(off.runId).toBeNull()
    expect(lab.callsOf('runs.get')).toEqual([])
  })
})

describe('reopening an ended run', () => {
  it('opens a stored run as stored: its status, params, result and rows, nothing live', async () => {
    serveSweep(31)
    const job = sweepSession()
    await job.open(31)
    expect(job.runId).toBe(31)
    expect(job.source).toBe('stored')
    expect(job.phase).toBe('ended')
    expect(job.endStatus).toBe('done')
    expect(job.fraction).toBe(1)
    expect(job.detail?.id).toBe(31)
    expect(job.params).toEqual(isingSweepParams.parse(INPUT))
    expect(job.result).toEqual(isingSweepResult.parse(RESULT))
    expect(job.sinks.rows.rows).toHaveLength(2)
    // Events of that run (it is over) change nothing.
    lab.metrics(31, [5], [STORED[0]])
    expect(job.sinks.rows.rows).toHaveLength(2)
    job.close()
    expect(job.runId).toBeNull()
    expect(job.phase).toBe('idle')
    expect(job.sinks.rows.rows).toEqual([])
  })

  it('refuses a run of another kind, and reports stored params that no longer fit the kind', async () => {
    lab.on('runs.get', ({ runId }) =>
      runId === 32 ? runDetail({ id: 32, kind: isingLive.kind, params: { L: 8, T: 2 } }) : runDetail({ id: runId, kind: SWEEP, params: { sizes: 'eight' } })
    )
    lab.on('runs.series', () => seriesOf([], []))
    const job = sweepSession()
    await job.open(32)
    expect(job.runId).toBeNull()
    expect(String(reported[0][0])).toContain('run #32 is a ising.live run')
    await job.open(33)
    expect(job.runId).toBe(33)
    expect(job.params).toBeNull()
    expect(String(reported[1][0])).toContain('stored params do not fit')
  })
})

describe('live controls and reset', () => {
  it('sends at most one control update at a time, merging the newer ones, and forgets them when the run is reset', async () => {
    const first = deferred<{ ok: true }>()
    let sent = 0
    lab.on('jobs.active', () => [])
    lab.on('jobs.start', () => ({ runId: 41, seed: 1 }))
    lab.on('jobs.control', () => (++sent === 1 ? first.promise : { ok: true }))
    lab.on('jobs.stop', () => {
      throw new LabError('conflict', 'Run 41 is not running.')
    })
    const job = new JobSession(isingLive.kind, {})
    await job.start({ L: 16, T: 2 }, { keep: false })
    expect(lab.callsOf('jobs.start')[0]).toMatchObject({ keep: false })
    job.control({ T: 2.1 })
    job.control({ T: 2.2 })
    job.control({ B: 0.1 })
    first.resolve({ ok: true })
    await settle()
    expect(lab.callsOf('jobs.control')).toEqual([
      { runId: 41, control: { T: 2.1 } },
      { runId: 41, control: { T: 2.2, B: 0.1 } }
    ])
    // A run that already ended is what a reset wants: no error.
    await job.reset()
    expect(reported).toEqual([])
    expect(job.phase).toBe('idle')
    expect(job.runId).toBeNull()
    job.control({ T: 3 })
    await settle()
    expect(lab.callsOf('jobs.control')).toHaveLength(2)
  })
})
