// The recall replay's player (src/renderer/lib/hopfieldReplayPlayer.ts) without Svelte: a fake
// animation clock stands for requestAnimationFrame, so the number of updates shown after a
// given time follows from the speed by hand: the first at once, then one every 1/speed s.

import { describe, expect, it } from 'vitest'
import type { RecallRecord } from '../../../src/renderer/lib/hopfieldReplay'
import { ReplayPlayer, defaultSpeed, type FrameClock } from '../../../src/renderer/lib/hopfieldReplayPlayer'

/** A 2×2 net whose neurons turn +1 one after the other, `rows` updates in all (frames 0…rows). */
function record(rows: number): RecallRecord {
  const N = 4
  const traj = new Float64Array(4 * rows)
  for (let k = 0; k < rows; k++) traj.set([k % N, 1, 1, -k], 4 * k)
  const input = Int8Array.from([-1, -1, -1, -1])
  return {
    width: 2,
    height: 2,
    N,
    p: 1,
    patterns: Int8Array.from([1, 1, 1, 1]),
    input,
    traj,
    rows,
    updates: rows,
    dynamics: 'async-fixed',
    rule: 'hebbian',
    T: Number.NaN,
    states: input.slice(),
    statesAt: [0],
    E0: 0,
    result: {
      outcome: 'recalled',
      recalledIndex: 0,
      inverted: false,
      components: [0],
      overlaps: [1],
      nearest: 0,
      nearestOverlap: 1,
      steps: rows,
      sweeps: Math.ceil(rows / N),
      finalEnergy: -rows,
      converged: true,
      cycle: false,
      stopped: false
    }
  }
}

/** Display frames on demand: `frame(ms)` lets `ms` pass and runs the callbacks waiting for it. */
class FakeClock implements FrameClock {
  time = 1000
  private waiting = new Map<number, (now: number) => void>()
  private next = 1

  request(cb: (now: number) => void): number {
    this.waiting.set(this.next, cb)
    return this.next++
  }
  cancel(h: number): void {
    this.waiting.delete(h)
  }
  now(): number {
    return this.time
  }
  get pending(): number {
    return this.waiting.size
  }
  frame(ms: number): void {
    this.time += ms
    const due = [...this.waiting.values()]
    this.waiting.clear()
    for (const cb of due) cb(this.time)
  }
  /** `seconds` of frames of 1/60 s. */
  run(seconds: number): void {
    for (let i = 0; i < Math.round(seconds * 60); i++) this.frame(1000 / 60)
  }
}

function player(rows = 40, speed = 10) {
  const clock = new FakeClock()
  const moves: number[] = []
  const p = new ReplayPlayer(clock, (t) => moves.push(t), speed)
  p.load(record(rows))
  return { p, clock, moves }
}

describe('the replay player', () => {
  it('plays at its speed: the first update at once, then one every 1/speed seconds', () => {
    const { p, clock } = player(40, 10)
    expect(p.phase).toBe('paused')
    p.play()
    expect(p.phase).toBe('playing')
    clock.frame(1000 / 60)
    expect(p.replay!.t).toBe(1)
    // After one second in all: 1 + 10 updates.
    clock.run(1 - 1 / 60)
    expect(p.replay!.t).toBe(11)
    p.speed = 2
    clock.run(1)
    expect(p.replay!.t).toBe(13)
  })

  it('counts a long frame (a tab in the background) as a quarter of a second at most', () => {
    const { p, clock } = player(40, 10)
    p.play()
    clock.frame(5000)
    expect(p.replay!.t).toBe(1 + 2)
  })

  it('stops at the end and asks for no more frames; Play there starts again from the input', () => {
    const { p, clock, moves } = player(5, 50)
    p.play()
    clock.run(1)
    expect(p.replay!.t).toBe(5)
    expect(p.phase).toBe('end')
    expect(p.playing).toBe(false)
    expect(clock.pending).toBe(0)
    expect(moves.at(-1)).toBe(5)
    p.play()
    expect(p.replay!.t).toBe(0)
    expect(p.phase).toBe('playing')
  })

  it('steps, jumps and toggles from the keyboard, pausing the play; other keys are not its own', () => {
    const { p, clock } = player(40, 10)
    expect(p.key(' ')).toBe(true)
    expect(p.playing).toBe(true)
    clock.run(0.5)
    const t = p.replay!.t
    expect(p.key('.')).toBe(true)
    expect(p.playing).toBe(false)
    expect(clock.pending).toBe(0)
    expect(p.replay!.t).toBe(t + 1)
    p.key(',')
    p.key(',')
    expect(p.replay!.t).toBe(t - 1)
    p.key('End')
    expect(p.phase).toBe('end')
    expect(p.replay!.t).toBe(40)
    p.key('Home')
    expect(p.replay!.t).toBe(0)
    p.key(',')
    expect(p.replay!.t).toBe(0)
    expect(p.key('x')).toBe(false)
    p.load(null)
    expect(p.phase).toBe('empty')
    expect(p.key(' ')).toBe(false)
  })

  it('opens a record where the user left it, paused, and replays a new recall from its input', () => {
    const { p, clock, moves } = player(40, 10)
    p.load(record(40), 17)
    expect(p.replay!.t).toBe(17)
    expect(p.phase).toBe('paused')
    expect(moves.at(-1)).toBe(17)
    p.replayFromStart()
    expect(p.replay!.t).toBe(0)
    clock.frame(16)
    expect(p.replay!.t).toBe(1)
    p.dispose()
    expect(clock.pending).toBe(0)
  })

  it('chooses a speed that shows single updates on a small grid and a pass in about three seconds on a large one', () => {
    expect(defaultSpeed(16)).toBe(2)
    expect(defaultSpeed(784)).toBe(200)
    expect(defaultSpeed(4096)).toBe(1000)
  })
})
