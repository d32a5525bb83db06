// The player of a recall's replay: a Replay cursor (hopfieldReplay.ts) moved at a chosen number
// of neuron updates per second by an animation clock, with play / pause, steps, and a jump to
// the start or the end. Plain TypeScript: the view (RecallReplay.svelte) redraws when told
// the cursor moved, and a test drives it with a clock of its own.

import { Replay, type RecallRecord } from './hopfieldReplay'

/** Replay speeds offered, in neuron updates per second. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000] as const

/** A speed that shows a pass over all N neurons in a few seconds (and single updates on small grids). */
export function defaultSpeed(N: number): number {
  const target = N <= 16 ? 2 : N / 3
  let best: number = SPEEDS[0]
  for (const s of SPEEDS) if (s <= target) best = s
  return best
}

/** Calls back once per display frame with the time in ms (requestAnimationFrame in a page). */
export interface FrameClock {
  request(callback: (now: number) => void): number
  cancel(handle: number): void
  now(): number
}

/** A frame longer than this (a background tab) advances the replay as if it had lasted this long (s). */
const MAX_FRAME_S = 0.25

export type PlayerPhase = 'empty' | 'paused' | 'playing' | 'end'

export class ReplayPlayer {
  replay: Replay | null = null
  playing = false
  /** Neuron updates per second. */
  speed: number
  private handle = 0
  private lastTime = 0
  /** Updates due but not yet shown (fractional). */
  private due = 0

  /** `moved` is called whenever the cursor moved or playing started or stopped. */
  constructor(
    private readonly clock: FrameClock,
    private readonly moved: (t: number) => void,
    speed: number = SPEEDS[1]
  ) {
    this.speed = speed
  }

  get phase(): PlayerPhase {
    return !this.replay ? 'empty' : this.replay.atEnd ? 'end' : this.playing ? 'playing' : 'paused'
  }

  /** Show another recall (or none), at frame `at`, paused. */
  load(record: RecallRecord | null, at = 0): void {
    this.stopClock()
    this.playing = false
    this.replay = record ? new Replay(record) : null
    if (this.replay && at > 0) this.replay.seek(at)
    this.moved(this.replay?.t ?? 0)
  }

  /** Play from the current frame; from the input when at the end. The first update shows at once, then one every 1/speed s. */
  play(): void {
    const r = this.replay
    if (!r) return
    if (r.atEnd) r.seek(0)
    this.playing = true
    this.lastTime = this.clock.now()
    this.due = 1
    if (this.handle === 0) this.handle = this.clock.request((now) => this.tick(now))
    this.moved(r.t)
  }

  /** Play from the input (a new recall). */
  replayFromStart(): void {
    if (!this.replay) return
    this.replay.seek(0)
    this.play()
  }

  pause(): void {
    this.playing = false
    this.stopClock()
    if (this.replay) this.moved(this.replay.t)
  }

  toggle(): void {
    if (this.playing) this.pause()
    else this.play()
  }

  /** Pause at frame t (clamped). */
  go(t: number): void {
    if (!this.replay) return
    this.playing = false
    this.stopClock()
    this.replay.seek(t)
    this.moved(this.replay.t)
  }

  /** The replay's keyboard: Space plays or pauses, . and , step, Home and End jump. False when the key is not one of them. */
  key(key: string): boolean {
    const r = this.replay
    if (!r) return false
    if (key === ' ') this.toggle()
    else if (key === '.') this.go(r.t + 1)
    else if (key === ',') this.go(r.t - 1)
    else if (key === 'Home') this.go(0)
    else if (key === 'End') this.go(r.last)
    else return false
    return true
  }

  dispose(): void {
    this.playing = false
    this.stopClock()
  }

  private tick(now: number): void {
    this.handle = 0
    const r = this.replay
    if (!this.playing || !r) return
    const dt = Math.min(MAX_FRAME_S, Math.max(0, (now - this.lastTime) / 1000))
    this.lastTime = now
    this.due += dt * this.speed
    const n = Math.floor(this.due)
    if (n > 0) {
      this.due -= n
      r.seek(r.t + n)
    }
    if (r.atEnd) this.playing = false
    else this.handle = this.clock.request((t) => this.tick(t))
    if (n > 0 || !this.playing) this.moved(r.t)
  }

  private stopClock(): void {
    if (this.handle !== 0) this.clock.cancel(this.handle)
    this.handle = 0
  }
}
