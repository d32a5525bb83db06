// The one mechanism for long work: a pool of long-lived worker threads, each running one
// engine function at a time (src/main/jobs/host.ts), tasks queued first-in first-out when
// every worker is busy. The main thread never runs an engine loop; per message it only
// decodes a small batch and calls a handler.

import { availableParallelism } from 'node:os'
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import type { ActiveJob, TypedArray } from '../../shared/types'
import type { JobState } from '../../shared/primitives'
import type { MetricBatch } from '../../shared/metrics'
import { FLAG_WORDS, Flag, Pressure, type MainToWorker, type PressureLevel, type WorkerToMain } from './messages'
import { execArgvFor, resolveWorkerEntry } from './workerEntry'
import { formatBytes, jobMemoryLimit, workerResourceLimits } from './jobLimits'
import type { HostData } from './host'

export interface PoolTask {
  runId: number
  kind: string
  params: unknown
  seed: number
  /** A starting state (e.g. a carried lattice), passed to the engine function as its third argument. */
  init?: unknown
}

export interface TaskHandlers {
  metrics(batch: MetricBatch): void
  frame(data: TypedArray, meta: Record<string, number | string>): void
  progress(fraction: number, etaSeconds: number | null, note?: string): void
  log(message: string): void
  artifact(name: string, data: TypedArray, meta: Record<string, unknown>): void
  /** 'queued' when it waits for a worker, 'running' when it starts; 'paused' / 'running' as the engine confirms a hold / a resume. */
  state?(s: JobState): void
}

export type TaskOutcome =
  | { status: 'done'; result: Record<string, unknown> }
  | { status: 'failed'; error: string }
  | { status: 'cancelled' }

export type TaskState = JobState | TaskOutcome['status']

export interface TaskHandle {
  readonly runId: number
  /** Settles once, never rejects. Every handler call of the task happens before it settles. */
  readonly done: Promise<TaskOutcome>
  /** Live settings for the engine (merged latest-wins at its next checkpoint). */
  control(updates: Record<string, unknown>): void
  /** Hold the engine at its next checkpoint (a queued task starts held). */
  pause(): void
  resume(): void
  /** While paused: let exactly one more checkpoint through. */
  step(): void
  /** Ask the engine to finish: it returns its result normally ('done'). A queued task is cancelled. */
  stop(): void
  /** End now: 'cancelled'. An engine that does not reach a checkpoint within the grace time loses its worker. */
  cancel(): void
  /** The state as last confirmed: 'paused' once the engine actually holds, not when pause() is called. */
  readonly state: TaskState
}

export interface PoolOptions {
  /** Worker threads at most; default: one less than the cores available, at least 1. */
  size?: number
  /** The worker script; default: the lab's own (see workerEntry.ts). */
  workerPath?: string
  /** Node options for the workers; default: tsx's hook for a .ts script, none for .js. */
  execArgv?: string[]
  /** How long a cancelled task may take to reach a checkpoint before its worker is terminated. */
  cancelGraceMs?: number
  /**
   * Memory one worker may hold (default: jobLimits' share of the machine): its V8 heap limit
   * (a runaway there ends the worker, not the process) and what its host lets typed arrays
   * grow to before it fails the task.
   */
  memoryLimitBytes?: number
}

/** A task as the pool sees it: its kind is a task name (a job kind, or a plan's task). */
export interface ActiveTask extends Omit<ActiveJob, 'control' | 'kind'> {
  kind: string
}

export interface PoolStats {
  workers: number
  busy: number
  queued: number
  /** Workers started since the pool was made (grows when a dead or killed worker is replaced). */
  spawned: number
}

interface Slot {
  worker: Worker
  task: Task | null
  /** Terminated or dead: never given another task. */
  gone: boolean
}

interface Task {
  spec: PoolTask
  handlers: TaskHandlers
  handle: TaskHandle
  state: TaskState
  flags: Int32Array
  port: MessagePort | null
  pendingControl: Record<string, unknown> | null
  slot: Slot | null
  progress: number
  etaSeconds: number | null
  killTimer: NodeJS.Timeout | null
  settle(outcome: TaskOutcome): void
}

export class WorkerPool {
  readonly size: number
  private readonly workerPath: string
  private readonly execArgv: string[]
  private readonly cancelGraceMs: number
  /** Memory one job may hold (see PoolOptions.memoryLimitBytes). */
  readonly memoryLimitBytes: number
  private readonly slots: Slot[] = []
  private readonly queue: Task[] = []
  private spawned = 0
  private closed = false
  private pressure: PressureLevel = Pressure.NONE

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism() - 1))
    if (options.workerPath !== undefined) {
      this.workerPath = options.workerPath
      this.execArgv = options.execArgv ?? execArgvFor(options.workerPath)
    } else {
      const entry = resolveWorkerEntry()
      this.workerPath = entry.path
      this.execArgv = options.execArgv ?? entry.execArgv
    }
    this.cancelGraceMs = options.cancelGraceMs ?? 2000
    this.memoryLimitBytes = options.memoryLimitBytes ?? jobMemoryLimit()
  }

  run(spec: PoolTask, handlers: TaskHandlers): TaskHandle {
    if (this.closed) throw new Error('the worker pool is closed')
    const task = this.makeTask(spec, handlers)
    this.queue.push(task)
    this.pump()
    if (task.state === 'queued') call(() => handlers.state?.('queued'))
    return task.handle
  }

  /**
   * How far behind the run store and the viewers are (the service measures it): every running
   * task's host thins its metrics from BEHIND on and holds them at FAR_BEHIND (metricThinning.ts).
   */
  setPressure(level: PressureLevel): void {
    if (level === this.pressure) return
    this.pressure = level
    for (const slot of this.slots) if (slot.task !== null) Atomics.store(slot.task.flags, Flag.PRESSURE, level)
  }

  /** Start one idle worker ahead of the first task (it does not keep the process alive). */
  warm(): void {
    if (this.closed || this.slots.length > 0) return
    this.spawn().worker.unref()
  }

  /** Running tasks, then queued ones in the order they will start. */
  active(): ActiveTask[] {
    const list = [...this.slots.filter((s) => s.task !== null).map((s) => s.task as Task), ...this.queue]
    return list.map((t) => ({
      runId: t.spec.runId,
      kind: t.spec.kind,
      state: t.state as JobState,
      progress: t.progress,
      etaSeconds: t.etaSeconds
    }))
  }

  stats(): PoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.task !== null).length,
      queued: this.queue.length,
      spawned: this.spawned
    }
  }

  /** Metric batches the running tasks have posted that main has not handled yet (at most UNHANDLED_HARD each). */
  unhandledBatches(): number {
    let n = 0
    for (const slot of this.slots) if (slot.task !== null) n += Atomics.load(slot.task.flags, Flag.POSTED) - Atomics.load(slot.task.flags, Flag.HANDLED)
    return n
  }

  /** Terminates every worker: running and queued tasks end 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true
    for (const task of this.queue.splice(0)) task.settle({ status: 'cancelled' })
    const slots = this.slots.splice(0)
    for (const slot of slots) {
      slot.gone = true
      if (slot.task !== null) {
        signal(slot.task.flags, Flag.CANCEL, 1)
        slot.task.settle({ status: 'cancelled' })
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  // ---- internals ---------------------------------------------------------------------

  private makeTask(spec: PoolTask, handlers: TaskHandlers): Task {
    let resolve!: (o: TaskOutcome) => void
    const done = new Promise<TaskOutcome>((r) => (resolve = r))
    const flags = new Int32Array(new SharedArrayBuffer(FLAG_WORDS * Int32Array.BYTES_PER_ELEMENT))
    const ended = (): boolean => task.state === 'done' || task.state === 'failed' || task.state === 'cancelled'
    const task: Task = {
      spec: { ...spec },
      handlers,
      state: 'queued',
      flags,
      port: null,
      pendingControl: null,
      slot: null,
      progress: 0,
      etaSeconds: null,
      killTimer: null,
      settle: (outcome) => {
        if (ended()) return
        task.state = outcome.status
        if (task.killTimer !== null) clearTimeout(task.killTimer)
        task.port?.close()
        task.port = null
        resolve(outcome)
      },
      handle: {
        runId: spec.runId,
        done,
        get state() {
          return task.state
        },
        control: (updates) => {
          if (ended()) return
          if (task.port === null) {
            task.pendingControl = { ...task.pendingControl, ...updates }
          } else {
            task.port.postMessage(updates)
            Atomics.add(flags, Flag.CONTROL, 1) // after the post: the worker drains only once it sees this
            wake(flags)
          }
        },
        pause: () => {
          if (!ended()) signal(flags, Flag.PAUSE, 1)
        },
        resume: () => {
          if (ended()) return
          Atomics.store(flags, Flag.STEPS, 0)
          signal(flags, Flag.PAUSE, 0)
        },
        step: () => {
          if (!ended() && Atomics.load(flags, Flag.PAUSE) !== 0) {
            Atomics.add(flags, Flag.STEPS, 1)
            wake(flags)
          }
        },
        stop: () => {
          if (ended()) return
          if (task.state === 'queued') this.cancelQueued(task)
          else signal(flags, Flag.STOP, 1)
        },
        cancel: () => {
          if (ended()) return
          if (task.state === 'queued') return this.cancelQueued(task)
          signal(flags, Flag.CANCEL, 1)
          if (task.killTimer === null) {
            task.killTimer = setTimeout(() => this.killStuck(task), this.cancelGraceMs)
            task.killTimer.unref()
          }
        }
      }
    }
    return task
  }

  private cancelQueued(task: Task): void {
    const i = this.queue.indexOf(task)
    if (i >= 0) this.queue.splice(i, 1)
    task.settle({ status: 'cancelled' })
  }

  private spawn(): Slot {
    const workerData: HostData = { memoryLimitBytes: this.memoryLimitBytes }
    const worker = new Worker(this.workerPath, { execArgv: this.execArgv, workerData, resourceLimits: workerResourceLimits(this.memoryLimitBytes) })
    const slot: Slot = { worker, task: null, gone: false }
    this.spawned++
    worker.on('message', (msg: WorkerToMain) => this.onMessage(slot, msg))
    worker.on('error', (err: Error & { code?: string }) =>
      this.onDeath(
        slot,
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the job ran out of memory: a job may hold at most ${formatBytes(this.memoryLimitBytes)} on this machine, and its worker was stopped`
          : `the worker thread crashed: ${err.message}`
      )
    )
    worker.on('exit', (code: number) => this.onDeath(slot, `the worker thread exited unexpectedly (exit code ${code})`))
    this.slots.push(slot)
    return slot
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.task === null && !s.gone)
      if (slot === undefined) {
        if (this.slots.length >= this.size) return
        slot = this.spawn()
      }
      this.start(slot, this.queue.shift() as Task)
    }
  }

  private start(slot: Slot, task: Task): void {
    const { port1, port2 } = new MessageChannel()
    Atomics.store(task.flags, Flag.PRESSURE, this.pressure)
    // Control sent while the task was queued goes ahead of the start order, counted: the worker
    // runs as soon as it has the order, so its first unit must already see the new setting.
    if (task.pendingControl !== null) {
      port1.postMessage(task.pendingControl)
      Atomics.add(task.flags, Flag.CONTROL, 1)
      task.pendingControl = null
    }
    const msg: MainToWorker = { type: 'start', task: { ...task.spec }, control: port2, flags: task.flags.buffer as SharedArrayBuffer }
    try {
      slot.worker.postMessage(msg, [port2])
    } catch (e) {
      port1.close()
      port2.close()
      task.settle({ status: 'failed', error: `the task could not be sent to a worker: ${(e as Error).message}` })
      return
    }
    // What main prepared (a dataset, weights) now lives in the worker: main lets go of its copy.
    delete task.spec.init
    slot.task = task
    slot.worker.ref()
    task.slot = slot
    task.port = port1
    task.state = 'running'
    call(() => task.handlers.state?.('running'))
  }

  private onMessage(slot: Slot, msg: WorkerToMain): void {
    const task = slot.task
    if (task === null || slot.gone) return
    const h = task.handlers
    switch (msg.type) {
      case 'metrics': {
        const batch: MetricBatch = { steps: msg.steps, keys: msg.keys, values: msg.values }
        call(() => h.metrics(batch))
        // Handled: passed to the store and the viewers. The host counts what is still to handle.
        Atomics.add(task.flags, Flag.HANDLED, 1)
        break
      }
      case 'frame':
        call(() => h.frame(msg.data, msg.meta))
        break
      case 'progress':
        task.progress = msg.fraction
        task.etaSeconds = msg.etaSeconds
        call(() => (msg.note === undefined ? h.progress(msg.fraction, msg.etaSeconds) : h.progress(msg.fraction, msg.etaSeconds, msg.note)))
        break
      case 'log':
        call(() => h.log(msg.message))
        break
      case 'artifact':
        call(() => h.artifact(msg.name, msg.data, msg.meta))
        break
      case 'state':
        if (task.state === 'running' || task.state === 'paused') {
          task.state = msg.state
          call(() => h.state?.(msg.state))
        }
        break
      case 'done':
        this.release(slot, task, { status: 'done', result: msg.result })
        break
      case 'failed':
        this.release(slot, task, { status: 'failed', error: msg.error })
        break
      case 'cancelled':
        this.release(slot, task, { status: 'cancelled' })
        break
    }
  }

  /** The task ended in its worker; the worker takes the next one. */
  private release(slot: Slot, task: Task, outcome: TaskOutcome): void {
    slot.task = null
    task.slot = null
    task.settle(outcome)
    slot.worker.unref() // an idle pool does not keep the process alive
    this.pump()
  }

  /** A cancelled task that did not reach a checkpoint in time: its worker goes, a new one will come. */
  private killStuck(task: Task): void {
    const slot = task.slot
    if (slot === null || slot.task !== task) return
    this.retire(slot)
    void slot.worker.terminate()
    task.settle({ status: 'cancelled' })
    this.pump()
  }

  private onDeath(slot: Slot, reason: string): void {
    if (slot.gone) return
    this.retire(slot)
    const task = slot.task
    if (task !== null) task.settle(Atomics.load(task.flags, Flag.CANCEL) !== 0 ? { status: 'cancelled' } : { status: 'failed', error: reason })
    this.pump()
  }

  private retire(slot: Slot): void {
    slot.gone = true
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots.splice(i, 1)
    if (slot.task !== null) slot.task.slot = null
  }
}

/** Sets a flag and wakes a worker sleeping in Atomics.wait on the sequence word. */
function signal(flags: Int32Array, index: number, value: number): void {
  Atomics.store(flags, index, value)
  wake(flags)
}

function wake(flags: Int32Array): void {
  Atomics.add(flags, Flag.SEQ, 1)
  Atomics.notify(flags, Flag.SEQ)
}

/** A handler's exception must not take the pool (or the process) down with it. */
function call(fn: () => void): void {
  try {
    fn()
  } catch (e) {
    console.error('[worker pool] a task handler threw:', e)
  }
}
