// Browser mode in a process of its own, under the loads of issue 10 item 4, measured from
// outside (its resident memory as it reports it every 100 ms). Before the fix, on this kind of
// machine: the live run at L = 8 switched to "max" grew the server by 230 MB in 10 s and took
// 16.6 s from Stop to `done`; with a client that stopped reading, +448 MB in 10 s and 18.5 s;
// SIGTERM took 47 s. Now: the speed change brings its own measureEvery, the metrics are thinned
// at the source while the store or a viewer falls behind, a client that stopped reading is
// closed, and the queues on the way are bounded — so memory stops growing after the first
// seconds (the bound checked: < 64 MB more over the last 8 s), and Stop and SIGTERM are prompt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { liveMeasureEvery } from '../../src/shared/kinds/ising'
import type { ActiveJob, LabEvent, RunDetail, SeriesData } from '../../src/shared/types'
import { connectClient, sleep, stalledClient, startServerProcess, type LabClient, type ServerProcess } from '../helpers/serverProcess'
import { tempDir } from '../helpers/tempDir'

const tmp = tempDir()
let server: ServerProcess
let client: LabClient
beforeAll(async () => {
  server = await startServerProcess(tmp.dir, 2)
  client = await connectClient(server.port, server.token)
})
afterAll(async () => {
  client.ws.terminate()
  if (server.child.exitCode === null) server.child.kill('SIGKILL')
  tmp.remove()
})

const ended = (runId: number) => (e: LabEvent) => e.type === 'job.status' && e.runId === runId && ['done', 'failed', 'cancelled'].includes(e.status)

/** Seconds from Stop to the run's `done`. */
async function stop(runId: number): Promise<{ seconds: number; status: string }> {
  const t0 = Date.now()
  const end = client.next(ended(runId))
  await client.call('jobs.stop', { runId })
  const e = (await end) as LabEvent & { type: 'job.status' }
  return { seconds: (Date.now() - t0) / 1000, status: e.status }
}

/** The server's resident memory now and `seconds` later (bytes). */
async function growthOver(seconds: number): Promise<number> {
  const start = server.rss()
  await sleep(seconds * 1000)
  return server.rss() - start
}

const live = (speed: number) => ({ kind: 'ising.live', params: { L: 8, T: 2.5, sweeps: 0, measureEvery: 1, start: 'random', maxSweepsPerSecond: speed }, keep: true })

describe('browser mode under a flood of metrics (issue 10 item 4)', () => {
  it('the live panel at L = 8 switched from 60 sweeps/s to max: a new measureEvery comes with the speed; memory flat; Stop → done in < 2 s', async () => {
    const { runId } = await client.call<{ runId: number }>('jobs.start', live(60)) // as the panel starts it at 60/s
    await sleep(500)
    await client.call('jobs.control', { runId, control: { maxSweepsPerSecond: 0 } })
    const active = await client.call<ActiveJob[]>('jobs.active', {})
    expect(active.find((a) => a.runId === runId)?.control).toEqual({ maxSweepsPerSecond: 0, measureEvery: liveMeasureEvery(8, 0) })
    await sleep(2000)
    expect(await growthOver(6)).toBeLessThan(64e6)
    const s = await stop(runId)
    expect(s.status).toBe('done')
    expect(s.seconds).toBeLessThan(2)
    // after the change, one stored measurement every 10,000 sweeps
    const series = await client.call<SeriesData>('runs.series', { runId, names: ['e'] })
    const steps = Array.from(series.steps.slice(-3))
    expect(steps[2] - steps[1]).toBe(10_000)
    expect(steps[1] - steps[0]).toBe(10_000)
  })

  it('a client that stops reading, a run storing every sweep at full speed, and frames of L = 512: the client is closed, the metrics thinned, memory flat, Stop prompt', async () => {
    const stalled = await stalledClient(server.port, server.token)
    const { runId } = await client.call<{ runId: number }>('jobs.start', live(0))
    // 256 kB frames, up to 60 a second: what makes a viewer that stopped reading fall MBs behind
    const frames = await client.call<{ runId: number }>('jobs.start', { ...live(0), params: { ...live(0).params, L: 512, measureEvery: 100 } })
    await sleep(4000)
    expect(await growthOver(8)).toBeLessThan(64e6)
    // closed by the server once 4 MB behind for 5 s (a paused socket sees the close only when it reads on)
    expect(server.logs.some((l) => /^\[browser\] closed WebSocket client #\d+ .*: \d+ MB of events unread for 5\.\d s \(it stopped reading\)/.test(l))).toBe(true)
    stalled.socket.resume()
    await stalled.closed
    const s = await stop(runId)
    expect(s.status).toBe('done')
    expect(s.seconds).toBeLessThan(2)
    expect((await stop(frames.runId)).seconds).toBeLessThan(2)
    const run = await client.call<RunDetail>('runs.get', { runId })
    expect(run.series).toContain('keptEvery')
    expect(run.log.some((l) => l.message.startsWith('Metrics thinned from step'))).toBe(true)
    expect(run.log.some((l) => /^Metrics: [\d,]+ of [\d,]+ rows kept \(at most one in [\d,]+\)/.test(l.message))).toBe(true)
  })

  it('SIGTERM while a run stores every sweep at full speed: the server exits within 10 s', async () => {
    await client.call('jobs.start', live(0))
    await sleep(3000)
    const t0 = Date.now()
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect((Date.now() - t0) / 1000).toBeLessThan(10)
  })
})
