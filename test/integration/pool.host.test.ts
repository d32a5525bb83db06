// The worker-side host on a fake clock, in this thread: batching, throttling, control
// merging, step credits and cancellation, exactly, with no timing involved. Plus the ETA
// estimator, the metrics codec and the worker-script resolution.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessageChannel } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { JobCancelled } from '../../src/engine/job'
import { createRng } from '../../src/engine/rng'
import { EtaEstimator, Host } from '../../src/main/jobs/host'
import { FLAG_WORDS, Flag, type WorkerToMain } from '../../src/main/jobs/messages'
import { rowsOf } from '../../src/shared/metrics'
import { resolveWorkerEntry } from '../../src/main/jobs/workerEntry'

function fakeHost(seed = 1) {
  let now = 0
  const sent: WorkerToMain[] = []
  const transfers: number[] = []
  const channel = new MessageChannel()
  const sab = new SharedArrayBuffer(FLAG_WORDS * 4)
  const flags = new Int32Array(sab)
  const host = new Host({ runId: 1, kind: 'k', params: {}, seed }, sab, channel.port2, (m, t) => {
    sent.push(m)
    transfers.push(t?.length ?? 0)
  }, () => now)
  const sendControl = (u: Record<string, unknown>): void => {
    channel.port1.postMessage(u)
    Atomics.add(flags, Flag.CONTROL, 1)
  }
  return {
    host,
    ctx: host.ctx,
    sent,
    transfers,
    flags,
    sendControl,
    at: (t: number) => (now = t),
    of: <T extends WorkerToMain['type']>(type: T) => sent.filter((m): m is Extract<WorkerToMain, { type: T }> => m.type === type),
    close: () => {
      channel.port1.close()
      channel.port2.close()
    }
  }
}

let cleanup: (() => void)[] = []
afterEach(() => {
  for (const f of cleanup) f()
  cleanup = []
})

describe('Host (worker side, fake clock)', () => {
  it('gives the engine the seeded RNG', () => {
    const h = fakeHost(99)
    cleanup.push(h.close)
    const ref = createRng(99)
    expect([h.ctx.rng.uniform(), h.ctx.rng.uniform()]).toEqual([ref.uniform(), ref.uniform()])
    expect(h.ctx.seed).toBe(99)
  })

  it('batches metrics: 2,000 rows or 50 ms, a new batch when the keys change, transferred', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    for (let i = 0; i < 4500; i++) h.ctx.emit(i, { a: i, b: -i })
    expect(h.of('metrics').map((m) => m.steps.length)).toEqual([2000, 2000])
    h.at(49)
    h.ctx.emit(4500, { a: 0, b: 0 })
    expect(h.of('metrics')).toHaveLength(2)
    h.at(50)
    h.ctx.emit(4501, { a: 1, b: 1 })
    expect(h.of('metrics').map((m) => m.steps.length)).toEqual([2000, 2000, 502])
    h.ctx.emit(4502, { a: 7, b: 8 })
    h.ctx.emit(4503, { b: 9, a: 10 }) // other key order: another batch
    h.ctx.emit(4504, { a: 11 })
    h.host.flush()
    const batches = h.of('metrics')
    expect(batches.map((m) => m.keys.join())).toEqual(['a,b', 'a,b', 'a,b', 'a,b', 'b,a', 'a'])
    const all = batches.flatMap((m) => {
      const d = rowsOf(m)
      return d.rows.map((r, k) => ({ step: d.steps[k], ...r }))
    })
    expect(all.slice(0, 3)).toEqual([
      { step: 0, a: 0, b: -0 },
      { step: 1, a: 1, b: -1 },
      { step: 2, a: 2, b: -2 }
    ])
    expect(all.slice(-3)).toEqual([
      { step: 4502, a: 7, b: 8 },
      { step: 4503, b: 9, a: 10 },
      { step: 4504, a: 11 }
    ])
    expect(all.map((r) => r.step)).toEqual(Array.from({ length: 4505 }, (_, i) => i))
    expect(h.transfers.slice(0, batches.length).every((n) => n === 2)).toBe(true)
  })

  it('a checkpoint flushes a batch that waited 50 ms', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    h.ctx.emit(0, { a: 1 })
    h.at(20)
    h.ctx.checkpoint()
    expect(h.of('metrics')).toHaveLength(0)
    h.at(50)
    h.ctx.checkpoint()
    expect(h.of('metrics')).toHaveLength(1)
  })

  it('throttles frames to 75/s (and big frames to 20 MB/s), copies them, and sends the last skipped one on flush', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    const buf = new Uint8Array(100)
    const due: boolean[] = []
    for (let t = 0; t <= 110; t += 10) {
      h.at(t)
      due.push(h.ctx.frameDue())
      buf.fill(t)
      h.ctx.frame(buf, { t })
    }
    // 1/75 s = 13.3 ms: sent at 0, 20, 40, … (the first calls at or after 13.3, 33.3, …).
    expect(h.of('frame').map((f) => f.meta.t)).toEqual([0, 20, 40, 60, 80, 100])
    expect(due).toEqual([true, false, true, false, true, false, true, false, true, false, true, false])
    expect(h.of('frame').every((f) => f.data[0] === f.meta.t && f.data !== buf)).toBe(true)
    h.host.flush() // the skipped frame of t = 110 shows at the end
    expect(h.of('frame').map((f) => f.meta.t)).toEqual([0, 20, 40, 60, 80, 100, 110])
    expect(h.of('frame')[6].data[99]).toBe(110)

    // 4 MB at 20 MB/s: next one 200 ms later, not 33 ms.
    const big = new Float32Array(1_000_000)
    h.at(1000)
    h.ctx.frame(big)
    h.at(1199)
    expect(h.ctx.frameDue()).toBe(false)
    h.at(1200)
    expect(h.ctx.frameDue()).toBe(true)
  })

  it('throttles progress to 5/s with an ETA from the rate, and sends the last value on flush', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    for (let t = 0; t <= 1000; t += 50) {
      h.at(t)
      h.ctx.progress(t / 2000, t === 1000 ? 'half' : undefined)
    }
    const p = h.of('progress')
    expect(p.map((m) => m.fraction)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5])
    // Rate 0.5/s: ETA = (1 - f) / 0.5.
    expect(p.map((m) => m.etaSeconds)).toEqual([null, 1.8, 1.6, 1.4, 1.2, 1.0].map((x, k) => (k === 0 ? null : expect.closeTo(x as number, 12))))
    expect(p[5].note).toBe('half')
    h.at(1050)
    h.ctx.progress(0.525)
    expect(h.of('progress')).toHaveLength(6)
    h.host.flush()
    expect(h.of('progress')[6].fraction).toBe(0.525)
  })

  it('merges control updates latest-wins, once, and only when the posted count moved', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    expect(h.ctx.checkpoint()).toBeNull()
    h.sendControl({ T: 2 })
    h.sendControl({ T: 3, B: 1 })
    h.sendControl({ J: -1 })
    expect(h.ctx.checkpoint()).toEqual({ T: 3, B: 1, J: -1 })
    expect(h.ctx.checkpoint()).toBeNull()
  })

  it('stop is sticky; a step credit lets one checkpoint through a pause; cancel throws JobCancelled', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    Atomics.store(h.flags, Flag.PAUSE, 1)
    Atomics.store(h.flags, Flag.STEPS, 1)
    h.ctx.emit(0, { a: 1 })
    expect(h.ctx.checkpoint()).toBeNull() // consumed the credit instead of blocking
    expect(Atomics.load(h.flags, Flag.STEPS)).toBe(0)
    expect(h.of('state')).toEqual([{ type: 'state', state: 'paused' }])
    expect(h.of('metrics')).toHaveLength(1) // holding flushes first
    Atomics.store(h.flags, Flag.STOP, 1)
    expect(h.ctx.checkpoint()).toBe('stop') // stop releases a pause
    Atomics.store(h.flags, Flag.STOP, 0)
    expect(h.ctx.checkpoint()).toBe('stop')
    Atomics.store(h.flags, Flag.CANCEL, 1)
    expect(() => h.ctx.checkpoint()).toThrow(JobCancelled)
  })

  it('throttle(r) spaces checkpoints at least 1/r apart (real clock)', () => {
    const channel = new MessageChannel()
    cleanup.push(() => channel.port2.close())
    const host = new Host({ runId: 1, kind: 'k', params: {}, seed: 1 }, new SharedArrayBuffer(FLAG_WORDS * 4), channel.port2, () => {})
    host.ctx.throttle(200) // 5 ms per unit
    const t0 = performance.now()
    for (let k = 0; k <= 10; k++) host.ctx.checkpoint()
    // The first passes at once, each of the next ten waits for its 5 ms slot.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(50)
  })

  it('caps logs at 100 lines per second and says how many were dropped', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    for (let k = 0; k < 130; k++) h.ctx.log(`line ${k}`)
    h.at(1000)
    h.ctx.log('later')
    const logs = h.of('log').map((m) => m.message)
    expect(logs).toHaveLength(102)
    expect(logs[99]).toBe('line 99')
    expect(logs[100]).toMatch(/^\(30 log lines dropped/)
    expect(logs[101]).toBe('later')
  })

  it('copies and transfers artifacts', () => {
    const h = fakeHost()
    cleanup.push(h.close)
    const w = new Float64Array([1, 2, 3])
    h.ctx.artifact('w', w, { shape: [3] })
    w[0] = 9
    const a = h.of('artifact')[0]
    expect(Array.from(a.data)).toEqual([1, 2, 3])
    expect(a.meta).toEqual({ shape: [3] })
    expect(h.transfers[0]).toBe(1)
  })
})

describe('EtaEstimator', () => {
  it('is (1 - f)·dt/df for steady progress, 0 at the end, null before a rate exists', () => {
    const e = new EtaEstimator(10)
    expect(e.update(0, 0)).toBeNull()
    expect(e.update(1, 0.1)).toBeCloseTo(9, 12)
    expect(e.update(5, 0.5)).toBeCloseTo(5, 12)
    expect(e.update(10, 1)).toBe(0)
  })

  it('follows a rate change within its window', () => {
    const e = new EtaEstimator(10)
    let eta: number | null = null
    for (let t = 0; t <= 30; t++) eta = e.update(t, 0.01 * t) // 0.01 per second
    expect(eta).toBeCloseTo(70, 9)
    for (let t = 31; t <= 35; t++) eta = e.update(t, 0.3 + 0.05 * (t - 30)) // then 0.05 per second
    expect(eta).toBeGreaterThan(0.45 / 0.05 + 1) // half the window still remembers the slow rate
    for (let t = 36; t <= 41; t++) eta = e.update(t, 0.3 + 0.05 * (t - 30))
    expect(eta).toBeCloseTo((1 - 0.85) / 0.05, 9) // a full window later: the new rate alone
  })

  it('forgets the past when the fraction goes back', () => {
    const e = new EtaEstimator(10)
    e.update(0, 0.2)
    e.update(1, 0.4)
    expect(e.update(2, 0.1)).toBeNull()
    expect(e.update(3, 0.2)).toBeCloseTo(8, 12)
  })
})

describe('resolveWorkerEntry', () => {
  it('runs worker.ts through tsx from sources', () => {
    expect(resolveWorkerEntry('/app/src/main/jobs/pool.ts')).toEqual({
      path: join('/app/src/main/jobs', 'worker.ts'),
      execArgv: ['--require', 'tsx/cjs']
    })
  })

  it('finds out/main/worker.js next to the built code or one folder up from a chunk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'physml-entry-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    mkdirSync(join(dir, 'chunks'))
    expect(() => resolveWorkerEntry(join(dir, 'index.js'))).toThrow('worker script not found')
    writeFileSync(join(dir, 'worker.js'), '')
    expect(resolveWorkerEntry(join(dir, 'index.js'))).toEqual({ path: join(dir, 'worker.js'), execArgv: [] })
    expect(resolveWorkerEntry(join(dir, 'chunks', 'pool-abc.js'))).toEqual({ path: join(dir, 'chunks', '..', 'worker.js'), execArgv: [] })
  })

  it('resolves from the module itself when run from sources', () => {
    expect(resolveWorkerEntry().path.replace(/\\/g, '/')).toMatch(/src\/main\/jobs\/worker\.ts$/)
  })
})
