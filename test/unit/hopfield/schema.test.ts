import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  hopfieldCapacity, hopfieldCapacityParams, hopfieldRecall, hopfieldRecallControl, hopfieldRecallParams
} from '../../../src/shared/kinds/hopfield'
import { localContext } from '../../../src/engine/localContext'
import { runHopfieldRecall } from '../../../src/engine/hopfield/recallJob'
import { runHopfieldCapacity } from '../../../src/engine/hopfield/capacityJob'
import type { HopfieldCapacityParams, HopfieldRecallControl, HopfieldRecallParams } from '../../../src/engine/hopfield/types'
import { H, V } from './helpers'

// Compile-time: the engine's param interfaces are the zod outputs, both ways (tsc checks this file).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const recallSame: Same<z.output<typeof hopfieldRecallParams>, HopfieldRecallParams> = true
const capacitySame: Same<z.output<typeof hopfieldCapacityParams>, HopfieldCapacityParams> = true
const controlSame: Same<z.output<typeof hopfieldRecallControl>, HopfieldRecallControl> = true

function firstMessage(r: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return r.success ? '' : r.error!.issues[0].message
}

describe('hopfield.recall params', () => {
  it('engine and schema types agree', () => {
    expect([recallSame, capacitySame, controlSame]).toEqual([true, true, true])
  })
  it('defaults fill a minimal request', () => {
    const p = hopfieldRecallParams.parse({ width: 4, height: 4, patterns: [V, H] })
    expect(p).toMatchObject({ rule: 'hebbian', dynamics: 'async-random', thresholds: 0, input: { from: 'pattern', index: 0 }, corruption: [], maxSweeps: 100, stateStride: 0, matchOverlap: 1, maxUpdatesPerSecond: 0 })
    const q = hopfieldRecallParams.parse({ width: 4, height: 4, patterns: [V], input: { from: 'random' }, corruption: [{ type: 'mask', mask: new Array(16).fill(0) }] })
    expect(q.input).toEqual({ from: 'random', density: 0.5 })
    expect(q.corruption[0]).toMatchObject({ mode: 'blank' })
  })
  it('refuses bad input with clear messages', () => {
    const ok = { width: 4, height: 4, patterns: [V, H] }
    const cases: [unknown, string][] = [
      [{ ...ok, patterns: [V, H.slice(0, 12)] }, 'pattern 1 has 12 pixels but a 4×4 grid has 16'],
      [{ ...ok, patterns: [V.map((v) => v / 2)] }, 'pattern 0, pixel 0 is 0.5: stored pixels must be +1 or −1'],
      [{ ...ok, patterns: [] }, 'the pattern library is empty: store at least one pattern before recall'],
      [{ ...ok, width: 3 }, 'grid width must be from 4 to 64'],
      [{ ...ok, height: 65 }, 'grid height must be from 4 to 64'],
      [{ ...ok, width: 4.5 }, 'grid width must be a whole number'],
      [{ ...ok, rule: 'pseudoinverse', patterns: Array.from({ length: 17 }, () => V) }, 'the pseudo-inverse rule stores at most N = 16 patterns (got 17)'],
      [{ ...ok, input: { from: 'pattern', index: 5 } }, 'input pattern 5 does not exist: the library has 2 patterns'],
      [{ ...ok, input: { from: 'state', state: [1, 2, ...V.slice(2)] } }, 'input pixel 1 is 2: input pixels are +1, −1 or 0 (unknown)'],
      [{ ...ok, thresholds: [0, 0] }, 'thresholds has 2 values but the grid has 16 neurons'],
      [{ ...ok, corruption: [{ type: 'blank', x: 2, y: 2, width: 3, height: 1 }] }, 'blank region 3×1 at (2, 2) does not fit in the 4×4 grid'],
      [{ ...ok, corruption: [{ type: 'mask', mask: [1, 0] }] }, 'the brush mask has 2 pixels but the grid has 16'],
      [{ ...ok, corruption: [{ type: 'flip', fraction: 1.5 }] }, 'flip fraction must be in [0, 1]'],
      [{ ...ok, T: 0 }, 'T must be > 0'],
      [{ ...ok, maxSweeps: 0 }, 'maxSweeps must be at least 1']
    ]
    for (const [input, message] of cases) expect(firstMessage(hopfieldRecallParams.safeParse(input))).toBe(message)
    expect(hopfieldRecallParams.safeParse({ ...ok, extra: 1 }).success).toBe(false) // strict
    expect(hopfieldRecallControl.safeParse({ T: 0.3, maxUpdatesPerSecond: 10 }).success).toBe(true)
    expect(hopfieldRecallControl.safeParse({ beta: 1 }).success).toBe(false)
  })
  it('takes patterns as bytes (Int8Array) exactly as it takes them as numbers, and checks them the same', () => {
    const asBytes = hopfieldRecallParams.parse({ width: 4, height: 4, patterns: [Int8Array.from(V), Int8Array.from(H)] })
    const asNumbers = hopfieldRecallParams.parse({ width: 4, height: 4, patterns: [V, H] })
    expect(asBytes.patterns[0]).toBeInstanceOf(Int8Array)
    const a = localContext(3)
    const b = localContext(3)
    expect(runHopfieldRecall(asBytes, a.ctx)).toEqual(runHopfieldRecall(asNumbers, b.ctx))
    expect(a.record.rows).toEqual(b.record.rows)
    const zero = Int8Array.from(V)
    zero[5] = 0
    expect(firstMessage(hopfieldRecallParams.safeParse({ width: 4, height: 4, patterns: [Int8Array.from(H), zero] }))).toBe('pattern 1, pixel 5 is 0: stored pixels must be +1 or −1')
    expect(firstMessage(hopfieldRecallParams.safeParse({ width: 4, height: 4, patterns: [new Int8Array(15).fill(1)] }))).toBe('pattern 0 has 15 pixels but a 4×4 grid has 16')
    expect(hopfieldRecallParams.safeParse({ width: 4, height: 4, patterns: [new Uint8Array(16).fill(1)] }).success).toBe(false)
  })
  it('every metric a recall emits is a declared series', () => {
    const { ctx, record } = localContext(1)
    runHopfieldRecall(hopfieldRecallParams.parse({ width: 4, height: 4, patterns: [V, H], corruption: [{ type: 'flip', fraction: 0.2 }] }), ctx)
    const keys = new Set(record.rows.flatMap((r) => Object.keys(r)))
    expect([...keys].sort()).toEqual([...hopfieldRecall.series].sort())
  })
  it('cost grows with N² and the rule; a 64×64 Storkey library of 2000 patterns is over budget', () => {
    const p = hopfieldRecallParams.parse({ width: 4, height: 4, patterns: [V, H] })
    expect(hopfieldRecall.cost!(p)).toBe(256 * (1 + 100))
    const big = { ...p, width: 64, height: 64, rule: 'storkey' as const, patterns: new Array(2000).fill([]) }
    expect(hopfieldRecall.cost!(big)).toBeGreaterThan(hopfieldRecall.budget!)
  })
})

describe('hopfield.capacity params', () => {
  it('defaults are the acceptance experiment: N = 400, α 0.02..0.3 in 15 points, 20 trials', () => {
    expect(hopfieldCapacityParams.parse({})).toEqual({ N: 400, alphas: { from: 0.02, to: 0.3, points: 15 }, trials: 20, corruption: 0.1, rules: ['hebbian'], probes: 10, maxSweeps: 50, density: 0.5 })
    expect(hopfieldCapacity.cost!(hopfieldCapacityParams.parse({}))).toBeLessThan(hopfieldCapacity.budget!)
  })
  it('refuses bad input with clear messages', () => {
    const cases: [unknown, string][] = [
      [{ alphas: [0.1, 1.2] }, 'α = p/N must be at most 1'],
      [{ alphas: [] }, 'give at least one load α'],
      [{ rules: [] }, 'choose at least one learning rule'],
      [{ rules: ['hebbian', 'hebbian'] }, 'each learning rule at most once'],
      [{ N: 8 }, 'N must be at least 16']
    ]
    for (const [input, message] of cases) expect(firstMessage(hopfieldCapacityParams.safeParse(input))).toBe(message)
  })
  it('every metric a capacity run emits is a declared series', () => {
    const { ctx, record } = localContext(1)
    runHopfieldCapacity(hopfieldCapacityParams.parse({ N: 32, alphas: [0.1, 0.2], trials: 1, probes: 2, rules: ['hebbian', 'storkey', 'pseudoinverse'] }), ctx)
    const keys = new Set(record.rows.flatMap((r) => Object.keys(r)))
    expect([...keys].sort()).toEqual([...hopfieldCapacity.series].sort())
  })
})
