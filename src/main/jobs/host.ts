// The JobContext an engine function sees inside a worker thread.
//
// The engine loop is synchronous and never yields to the worker's event loop, so nothing
// here waits for an event: controls are pulled with receiveMessageOnPort, pause / step /
// stop / cancel are read from shared Int32 flags, and a pause blocks with Atomics.wait.
// Everything the engine reports is batched or throttled to what the main thread and a
// screen can take: metrics in column-packed batches (~50 ms or 2,000 rows), frames at
// most 75/s and ~20 MB/s, progress ~5/s, logs ≤ 100/s. Frames come a little faster than a
// 60 Hz display refreshes so that every refresh finds a new one despite the jitter of the way
// (at exactly 60/s a canvas at L = 512 drew 54 of them a second).
// The memory a task holds is checked a few times a second at its checkpoints: typed arrays
// live outside the V8 heap (whose own limit the pool sets), so a job that outgrows its
// estimate fails here with a clear message instead of taking the machine down.

import { getHeapStatistics } from 'node:v8'
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads'
import { createRng } from '../../engine/rng'
import { JobCancelled, type Frame, type JobContext } from '../../engine/job'
import { Flag, Pressure, type MainToWorker, type PressureLevel, type WireTask, type WorkerToMain } from './messages'
import { behindLevel, MetricThinning } from './metricThinning'
import { KEPT_EVERY } from '../../shared/metrics'
import { formatBytes } from './jobLimits'

/** What the pool tells a worker when it starts it (its workerData). */
export interface HostData {
  /** Bytes (V8 heap and typed arrays together) a task may hold before it fails. */
  memoryLimitBytes: number
}

/**
 * An engine function as the host calls it: the task's params, its context, and what main
 * prepared for it (a carried lattice, an imported dataset, stored weights). Each one is
 * typed against its kind where it is bound (src/main/jobs/binding.ts); here, past the thread
 * boundary, the table holds them all, so `run` is a method: TypeScript then lets a function of
 * narrower params stand in for it. What arrives as params is what main validated with the
 * kind's schema.
 */
export interface TaskRunner {
  run(params: unknown, ctx: JobContext, init: unknown): Record<string, unknown>
}

/** The engine functions a worker serves, by task name (a kind's name, or a plan's task). */
export type TaskRunners = Readonly<Record<string, TaskRunner>>

export const METRICS_FLUSH_MS = 50
export const METRICS_MAX_ROWS = 2000
export const FRAME_MIN_MS = 1000 / 75
export const FRAME_BYTES_PER_MS = 20e6 / 1000
export const PROGRESS_MIN_MS = 200
export const LOG_LINES_PER_SECOND = 100
/** How long a checkpoint waits for a control update that was counted but has not arrived yet. */
const CONTROL_DELIVERY_MS = 200
/** While metrics are held, how often the host looks whether main, the store and the viewers caught up. */
const HOLD_POLL_MS = 20
/** At most one log line about a change of the metrics' thinning per this many ms (the first always; the run's summary at its end). */
const THINNING_LOG_MS = 5000
/** The memory check reads the clock every this many checkpoints, and the heap at most every MEMORY_CHECK_MS. */
const MEMORY_CHECK_CHECKPOINTS = 64
const MEMORY_CHECK_MS = 250

type Post = (msg: WorkerToMain, transfer?: ArrayBuffer[]) => void

/**
 * Time left from the recent rate of progress: the slope over the last `windowSeconds` of
 * active time (pauses excluded by the caller), so a rate change (a new throttle, a slower
 * phase) shows within that window rather than being averaged over the whole run.
 */
export class EtaEstimator {
  private times: number[] = []
  private fractions: number[] = []

  constructor(private readonly windowSeconds = 10) {}

  /** `time`: active seconds since any fixed origin; returns seconds left, or null while unknown. */
  update(time: number, fraction: number): number | null {
    const n = this.fractions.length
    if (n > 0 && fraction < this.fractions[n - 1]) {
      // The job went backwards (a new phase restarted its count): the old slope says nothing.
      this.times = []
      this.fractions = []
    }
    this.times.push(time)
    this.fractions.push(fraction)
    // Keep the newest sample that is at least a window old as the slope's anchor.
    while (this.times.length > 2 && time - this.times[1] >= this.windowSeconds) {
      this.times.shift()
      this.fractions.shift()
    }
    if (fraction >= 1) return 0
    const dt = time - this.times[0]
    const df = fraction - this.fractions[0]
    if (dt <= 0 || df <= 0) return null
    return ((1 - fraction) * dt) / df
  }
}

/** One task's context. `finish()` sends whatever is still buffered or pending. */
export class Host {
  readonly ctx: JobContext
  private readonly flags: Int32Array
  private readonly eta = new EtaEstimator()

  // metrics batch: one key set per batch, rows packed in `values`
  private keys: string[] | null = null
  private rows = 0
  private steps = new Float64Array(64)
  private values = new Float64Array(64)
  private flushAt = 0
  private lastStep = 0
  private readonly thinning = new MetricThinning()
  private thinningLoggedAt = -Infinity

  private frameAt = 0
  private pendingFrame: { data: Frame; meta: Record<string, number | string> } | null = null

  private progressAt = 0
  private pendingProgress: { fraction: number; note?: string } | null = null

  private logWindowEnd = 0
  private logCount = 0
  private logDropped = 0

  private controlSeen = 0
  private stopped = false
  private reportedState: 'running' | 'paused' = 'running'
  private pausedMs = 0
  private intervalMs = 0
  private nextAt = 0

  private memoryCheckIn = 0
  private memoryCheckAt = 0

  constructor(
    task: WireTask,
    flags: SharedArrayBuffer,
    private readonly control: MessagePort,
    private readonly post: Post,
    private readonly clock: () => number = () => performance.now(),
    private readonly memoryLimitBytes = Infinity
  ) {
    this.flags = new Int32Array(flags)
    const rng = createRng(task.seed)
    // Closures rather than methods, so an engine may pass ctx.emit around on its own.
    this.ctx = {
      seed: task.seed,
      rng,
      emit: (step, metrics, record) => this.emit(step, metrics, record === 'record'),
      frame: (data, meta) => this.frame(data, meta),
      frameDue: () => this.clock() >= this.frameAt,
      progress: (fraction, note) => this.progress(fraction, note),
      checkpoint: () => this.checkpoint(),
      throttle: (unitsPerSecond) => this.throttle(unitsPerSecond),
      artifact: (name, data, meta) => this.artifact(name, data, meta),
      log: (message) => this.log(message)
    }
  }

  get cancelRequested(): boolean {
    return Atomics.load(this.flags, Flag.CANCEL) !== 0
  }

  // ---- metrics ---------------------------------------------------------------------

  /** `keep`: a record of a change, never thinned (and standing for no skipped rows). */
  private emit(step: number, metrics: Record<string, number>, keep = false): void {
    this.lastStep = step
    if (!keep && !this.thinning.take()) return
    const every = this.thinning.keepEvery
    if (every > 1 && !keep) metrics = { ...metrics, [KEPT_EVERY]: every }
    let keys = this.keys
    if (keys !== null && !sameKeys(keys, metrics)) {
      this.flushMetrics()
      keys = null
    }
    if (keys === null) {
      keys = this.keys = Object.keys(metrics)
      this.rows = 0
    }
    const k = keys.length
    const i = this.rows
    if (i === 0) this.flushAt = this.clock() + METRICS_FLUSH_MS
    if (i === this.steps.length) {
      this.steps = grow(this.steps, 2 * i)
      this.values = grow(this.values, 2 * i * k)
    } else if ((i + 1) * k > this.values.length) {
      this.values = grow(this.values, this.steps.length * k)
    }
    this.steps[i] = step
    for (let j = 0; j < k; j++) this.values[i * k + j] = metrics[keys[j]]
    this.rows = i + 1
    if (this.rows >= METRICS_MAX_ROWS || this.clock() >= this.flushAt) this.flushMetrics()
  }

  private flushMetrics(): void {
    if (this.rows === 0 || this.keys === null) return
    this.backpressure()
    const n = this.rows
    const steps = this.steps.slice(0, n)
    const values = this.values.slice(0, n * this.keys.length)
    this.post({ type: 'metrics', steps, keys: this.keys, values }, [steps.buffer, values.buffer])
    Atomics.add(this.flags, Flag.POSTED, 1)
    this.rows = 0
    this.keys = null
  }

  // ---- backpressure (metricThinning.ts) --------------------------------------------

  private behind(): PressureLevel {
    const f = this.flags
    return behindLevel(Atomics.load(f, Flag.PRESSURE), Atomics.load(f, Flag.POSTED) - Atomics.load(f, Flag.HANDLED))
  }

  /** Before a batch goes out: hold while far behind, then thin more or less. */
  private backpressure(): void {
    let level = this.behind()
    if (level === Pressure.FAR_BEHIND) level = this.holdMetrics()
    const change = this.thinning.adapt(level, this.clock())
    if (change !== null) this.reportThinning()
  }

  /** Waits until main, the store and the viewers are no longer far behind; a stop or a cancel does not wait. */
  private holdMetrics(): PressureLevel {
    const f = this.flags
    for (;;) {
      if (Atomics.load(f, Flag.CANCEL) !== 0 || Atomics.load(f, Flag.STOP) !== 0) return Pressure.BEHIND
      const level = this.behind()
      if (level !== Pressure.FAR_BEHIND) return level
      Atomics.wait(f, Flag.SEQ, Atomics.load(f, Flag.SEQ), HOLD_POLL_MS)
    }
  }

  private reportThinning(): void {
    const k = this.thinning.keepEvery
    const t = this.clock()
    const first = this.thinningLoggedAt === -Infinity
    if (!first && t < this.thinningLoggedAt + THINNING_LOG_MS) return
    this.thinningLoggedAt = t
    const at = this.lastStep.toLocaleString('en-US')
    if (k === 1) this.log(`Metrics: every row kept again from step ${at}.`)
    else
      this.log(
        first
          ? `Metrics thinned from step ${at}: the run store or a viewer cannot keep up, so one row in ${k} is kept (the series '${KEPT_EVERY}' says how many each row stands for).`
          : `Metrics: one row in ${k.toLocaleString('en-US')} kept from step ${at}.`
      )
  }

  // ---- frames, progress, artifacts, logs --------------------------------------------

  private frame(data: Frame, meta?: Record<string, number | string>): void {
    const t = this.clock()
    if (t < this.frameAt) {
      // Not shown now; kept by reference (no copy) so the last one can be shown on pause or at the end.
      this.pendingFrame = { data, meta: meta ?? {} }
      return
    }
    this.sendFrame(data, meta ?? {}, t)
  }

  private sendFrame(data: Frame, meta: Record<string, number | string>, t: number): void {
    const copy = data.slice() as Frame // the engine keeps mutating its own array
    this.frameAt = t + Math.max(FRAME_MIN_MS, copy.byteLength / FRAME_BYTES_PER_MS) // before the transfer detaches it
    this.post({ type: 'frame', data: copy, meta }, [copy.buffer as ArrayBuffer])
    this.pendingFrame = null
  }

  private progress(fraction: number, note?: string): void {
    this.pendingProgress = note === undefined ? { fraction } : { fraction, note }
    const t = this.clock()
    if (t >= this.progressAt) this.sendProgress(t)
  }

  private sendProgress(t: number): void {
    const p = this.pendingProgress
    if (p === null) return
    const fraction = Math.min(1, Math.max(0, p.fraction))
    const etaSeconds = this.eta.update((t - this.pausedMs) / 1000, fraction)
    const msg: WorkerToMain = { type: 'progress', fraction, etaSeconds }
    if (p.note !== undefined) msg.note = p.note
    this.post(msg)
    this.progressAt = t + PROGRESS_MIN_MS
    this.pendingProgress = null
  }

  private artifact(name: string, data: Frame, meta?: Record<string, unknown>): void {
    const copy = data.slice() as Frame
    this.post({ type: 'artifact', name, data: copy, meta: meta ?? {} }, [copy.buffer as ArrayBuffer])
  }

  private log(message: string): void {
    const t = this.clock()
    if (t >= this.logWindowEnd) {
      this.reportDroppedLogs()
      this.logWindowEnd = t + 1000
      this.logCount = 0
    }
    if (this.logCount++ < LOG_LINES_PER_SECOND) this.post({ type: 'log', message: String(message) })
    else this.logDropped++
  }

  private reportDroppedLogs(): void {
    if (this.logDropped === 0) return
    this.post({ type: 'log', message: `(${this.logDropped} log lines dropped: more than ${LOG_LINES_PER_SECOND} per second)` })
    this.logDropped = 0
  }

  /** The run's line about thinned metrics, at its end (none when every row was kept). */
  reportThinnedTotal(): void {
    const line = this.thinning.summary()
    if (line !== null) this.log(line)
  }

  /** Sends everything still buffered: before holding a pause, and at the end. */
  flush(): void {
    this.flushMetrics()
    const t = this.clock()
    if (this.pendingFrame !== null) this.sendFrame(this.pendingFrame.data, this.pendingFrame.meta, t)
    if (this.pendingProgress !== null) this.sendProgress(t)
    this.reportDroppedLogs()
  }

  // ---- checkpoint: controls, pause, step, stop, cancel, pacing ----------------------

  private throttle(unitsPerSecond: number): void {
    this.intervalMs = unitsPerSecond > 0 && Number.isFinite(unitsPerSecond) ? 1000 / unitsPerSecond : 0
    this.nextAt = 0
  }

  private checkpoint(): Record<string, unknown> | null | 'stop' {
    if (--this.memoryCheckIn <= 0) this.checkMemory()
    const f = this.flags
    let t = this.rows > 0 || this.intervalMs > 0 ? this.clock() : 0
    if (this.rows > 0 && t >= this.flushAt) this.flushMetrics()
    for (;;) {
      const seq = Atomics.load(f, Flag.SEQ)
      if (Atomics.load(f, Flag.CANCEL) !== 0) throw new JobCancelled()
      if (this.stopped || Atomics.load(f, Flag.STOP) !== 0) {
        this.stopped = true
        return 'stop'
      }
      if (Atomics.load(f, Flag.PAUSE) !== 0) {
        if (this.hold()) continue // released by stop: say so on the next pass
        this.nextAt = this.clock() + this.intervalMs // a resumed or stepped unit goes now
        break
      }
      if (this.intervalMs > 0 && t < this.nextAt) {
        if (this.controlPending()) break // deliver a new setting now rather than after the wait
        this.sendDue(t)
        Atomics.wait(f, Flag.SEQ, seq, this.wakeAt() - t)
        t = this.clock()
        continue
      }
      // On time: the next slot is one interval on (no drift). Late (a unit slower than the
      // cap): from now, so a stall is never followed by a burst.
      if (this.intervalMs > 0) this.nextAt = this.nextAt === 0 ? t + this.intervalMs : Math.max(this.nextAt + this.intervalMs, t)
      break
    }
    return this.drainControl()
  }

  /** During a pacing wait (one unit may take seconds to come): send what has become due. */
  private sendDue(t: number): void {
    if (this.rows > 0 && t >= this.flushAt) this.flushMetrics()
    if (this.pendingFrame !== null && t >= this.frameAt) this.sendFrame(this.pendingFrame.data, this.pendingFrame.meta, t)
    if (this.pendingProgress !== null && t >= this.progressAt) this.sendProgress(t)
  }

  /** The end of a pacing wait, or earlier when something buffered falls due. */
  private wakeAt(): number {
    let at = this.nextAt
    if (this.rows > 0) at = Math.min(at, this.flushAt)
    if (this.pendingFrame !== null) at = Math.min(at, this.frameAt)
    if (this.pendingProgress !== null) at = Math.min(at, this.progressAt)
    return at
  }

  /**
   * Blocks while paused. Returns true when released by a stop request, false when released
   * by resume or by one step() credit (which leaves the task paused). Throws on cancel.
   */
  private hold(): boolean {
    const f = this.flags
    this.flush()
    if (this.reportedState !== 'paused') {
      this.reportedState = 'paused'
      this.post({ type: 'state', state: 'paused' })
    }
    const t0 = this.clock()
    try {
      for (;;) {
        const seq = Atomics.load(f, Flag.SEQ)
        if (Atomics.load(f, Flag.CANCEL) !== 0) throw new JobCancelled()
        const stop = Atomics.load(f, Flag.STOP) !== 0
        if (stop || Atomics.load(f, Flag.PAUSE) === 0) {
          this.reportedState = 'running'
          this.post({ type: 'state', state: 'running' })
          return stop
        }
        const credits = Atomics.load(f, Flag.STEPS)
        if (credits > 0 && Atomics.compareExchange(f, Flag.STEPS, credits, credits - 1) === credits) return false
        Atomics.wait(f, Flag.SEQ, seq)
      }
    } finally {
      this.pausedMs += this.clock() - t0
    }
  }

  /** Throws when the task holds more than it may (the run then ends failed with this message). */
  private checkMemory(): void {
    this.memoryCheckIn = MEMORY_CHECK_CHECKPOINTS
    const t = this.clock()
    if (t < this.memoryCheckAt || !Number.isFinite(this.memoryLimitBytes)) return
    this.memoryCheckAt = t + MEMORY_CHECK_MS
    const h = getHeapStatistics()
    const held = h.used_heap_size + h.external_memory
    if (held > this.memoryLimitBytes)
      throw new Error(`the job holds ${formatBytes(held)} of memory, more than the ${formatBytes(this.memoryLimitBytes)} this machine allows for a job, and was stopped`)
  }

  private controlPending(): boolean {
    return Atomics.load(this.flags, Flag.CONTROL) !== this.controlSeen
  }

  /** All control updates since the last checkpoint, merged (latest value per key), or null. */
  private drainControl(): Record<string, unknown> | null {
    if (!this.controlPending()) return null
    let merged: Record<string, unknown> | null = null
    const giveUpAt = this.clock() + CONTROL_DELIVERY_MS
    for (;;) {
      const m = receiveMessageOnPort(this.control)
      if (m === undefined) {
        // Main counts an update only after posting it, so a counted update is on its way (a
        // busy machine can take a moment to hand it over, e.g. one sent while the task was
        // queued): wait for it rather than run a unit with the old setting.
        if (!this.controlPending() || this.clock() >= giveUpAt) break
        Atomics.wait(this.flags, Flag.SEQ, Atomics.load(this.flags, Flag.SEQ), 1)
        continue
      }
      this.controlSeen++
      merged = Object.assign(merged ?? {}, m.message as Record<string, unknown>)
    }
    return merged
  }

}

function sameKeys(keys: string[], metrics: Record<string, number>): boolean {
  let j = 0
  for (const k in metrics) if (k !== keys[j++]) return false
  return j === keys.length
}

function grow(a: Float64Array, length: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(length)
  b.set(a)
  return b
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message
  return String(e)
}

/** Runs one task to its end in this thread and posts the outcome. */
export function runTask(runners: TaskRunners, start: MainToWorker, post: Post, memoryLimitBytes = Infinity): void {
  const { task, control, flags } = start
  const host = new Host(task, flags, control, post, undefined, memoryLimitBytes)
  let outcome: WorkerToMain
  const runner = Object.prototype.hasOwnProperty.call(runners, task.kind) ? runners[task.kind] : undefined
  if (runner === undefined) {
    outcome = { type: 'failed', error: `unknown job kind '${task.kind}'` }
  } else {
    try {
      const result = runner.run(task.params, host.ctx, task.init)
      host.reportThinnedTotal()
      host.flush()
      outcome = { type: 'done', result: result ?? {} }
    } catch (e) {
      // What the engine reported before it ended stays: it helps to see how far it got.
      host.reportThinnedTotal()
      host.flush()
      outcome = e instanceof JobCancelled || host.cancelRequested ? { type: 'cancelled' } : { type: 'failed', error: errorMessage(e) }
    }
  }
  try {
    post(outcome)
  } catch (e) {
    post({ type: 'failed', error: `the result could not be sent to the main thread: ${errorMessage(e)}` })
  }
  control.close()
}

/** The body of a worker script: serve tasks for the given runners, one at a time, for the worker's life. */
export function hostWorker(runners: TaskRunners): void {
  const port = parentPort
  if (port === null) throw new Error('hostWorker() must run inside a worker thread')
  const post: Post = (msg, transfer) => port.postMessage(msg, transfer)
  const limit = (workerData as Partial<HostData> | null)?.memoryLimitBytes
  port.on('message', (msg: MainToWorker) => {
    if (msg !== null && typeof msg === 'object' && msg.type === 'start') runTask(runners, msg, post, typeof limit === 'number' ? limit : Infinity)
  })
}
