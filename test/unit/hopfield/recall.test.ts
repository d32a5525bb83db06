import { describe, expect, it } from 'vitest'
import { localContext } from '../../../src/engine/localContext'
import { runHopfieldRecall, TRAJECTORY_CAP } from '../../../src/engine/hopfield/recallJob'
import { energy } from '../../../src/engine/hopfield/energy'
import { hebbianWeights } from '../../../src/engine/hopfield/weights'
import { patternSet } from '../../../src/engine/hopfield/recallJob'
import { glyphs } from '../../../src/engine/hopfield/presets'
import type { HopfieldRecallParams } from '../../../src/engine/hopfield/types'
import { H, V, mask16, stripesRecall } from './helpers'

const DETERMINISTIC = ['async-random', 'async-fixed', 'sync'] as const

function run(params: HopfieldRecallParams, seed = 1) {
  const { ctx, record } = localContext(seed)
  const result = runHopfieldRecall(params, ctx)
  return { result, record }
}

/** The stored run replayed: the input, then each trajectory row applied in turn. */
function replay(input: Int8Array, traj: Float64Array): Int8Array[] {
  const s = input.slice()
  const out: Int8Array[] = [s.slice()]
  for (let r = 0; r < traj.length / 4; r++) {
    s[traj[4 * r]] = traj[4 * r + 2]
    out.push(s.slice())
  }
  return out
}

describe('the paper’s 4×4 example (Fig. 2): vertical and horizontal stripes', () => {
  it('both stored patterns are fixed points: one quiet pass, nothing flips', () => {
    for (const index of [0, 1]) {
      for (const dynamics of DETERMINISTIC) {
        const { result, record } = run(stripesRecall({ input: { from: 'pattern', index }, dynamics }))
        expect(result).toMatchObject({ outcome: 'recalled', recalledIndex: index, inverted: false, converged: true, sweeps: 1, steps: 16, finalEnergy: -7 })
        expect(record.rows.every((r) => r.flips === 0)).toBe(true)
      }
    }
  })
  it('3 flipped pixels (0, 5, 10 — a diagonal) are repaired to the vertical stripes by every schedule and seed', () => {
    for (const dynamics of DETERMINISTIC)
      for (let seed = 1; seed <= 25; seed++) {
        const { result } = run(stripesRecall({ dynamics, corruption: [{ type: 'mask', mask: mask16([0, 5, 10]), mode: 'flip' }] }), seed)
        expect(result).toMatchObject({ outcome: 'recalled', recalledIndex: 0, converged: true })
        expect(result.overlaps).toEqual([1, 0])
      }
  })
  it('a blanked 2×2 corner (4 unknown pixels, Fig. 2 top) is filled in with the vertical stripes', () => {
    for (const dynamics of DETERMINISTIC)
      for (let seed = 1; seed <= 25; seed++) {
        const { result, record } = run(stripesRecall({ dynamics, corruption: [{ type: 'blank', x: 0, y: 0, width: 2, height: 2 }] }), seed)
        expect(result.outcome).toBe('recalled')
        expect(result.recalledIndex).toBe(0)
        expect(Array.from(record.artifacts.get('input')!.data)).toEqual(V.map((v, i) => ([0, 1, 4, 5].includes(i) ? 0 : v)))
      }
  })
  it('heavy corruption (6 of the 8 pixels where V and H differ, flipped) ends elsewhere: in H (Fig. 2 bottom)', () => {
    // Input: m_V = 4/16, m_H = 12/16 — it looks more like the horizontal stripes than the vertical ones.
    for (const dynamics of DETERMINISTIC)
      for (let seed = 1; seed <= 25; seed++) {
        const { result } = run(stripesRecall({ dynamics, corruption: [{ type: 'mask', mask: mask16([1, 3, 4, 6, 9, 11]), mode: 'flip' }] }), seed)
        expect(result).toMatchObject({ outcome: 'recalled', recalledIndex: 1 })
      }
  })
  it('10 flipped pixels end in the inverse of V (−V has the same energy)', () => {
    for (const dynamics of DETERMINISTIC) {
      const { result } = run(stripesRecall({ dynamics, corruption: [{ type: 'mask', mask: mask16([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), mode: 'flip' }] }))
      expect(result).toMatchObject({ outcome: 'inverse', recalledIndex: 0, inverted: true, finalEnergy: -7 })
      expect(result.overlaps).toEqual([-1, 0])
    }
  })
  it('synchronous updates of 4 flips (1, 6, 11, 12) fall into a 2-cycle, reported as such', () => {
    const { result, record } = run(stripesRecall({ dynamics: 'sync', corruption: [{ type: 'mask', mask: mask16([1, 6, 11, 12]), mode: 'flip' }] }))
    expect(result).toMatchObject({ outcome: 'cycle', cycle: true, converged: false, sweeps: 2, steps: 32 })
    expect(record.logs.some((l) => l.includes('2-cycle'))).toBe(true)
    // The state after two steps is the input again.
    const states = record.artifacts.get('states')!.data
    expect(Array.from(states.subarray(32, 48))).toEqual(Array.from(states.subarray(0, 16)))
  })
})

describe('stored run: artifacts, metrics, replay', () => {
  const params = stripesRecall({ corruption: [{ type: 'flip', fraction: 0.25 }], stateStride: 1 })
  it('flip corruption changes exactly round(f·N) pixels; artifacts hold patterns, input, weights', () => {
    const { record } = run(params, 7)
    const input = record.artifacts.get('input')!.data as Int8Array
    expect(input.reduce((n, v, i) => n + (v !== V[i] ? 1 : 0), 0)).toBe(4)
    expect(Array.from(record.artifacts.get('patterns')!.data)).toEqual([...V, ...H])
    const W = record.artifacts.get('weights')!.data
    expect(Array.from(W)).toEqual(Array.from(Float32Array.from(hebbianWeights(patternSet([V, H], 16)))))
  })
  it('replaying the trajectory from the input reproduces every stored state, the energies and the result', () => {
    for (const dynamics of ['async-random', 'glauber'] as const) {
      const { result, record } = run({ ...params, dynamics, T: 0.7, maxSweeps: 5 }, 11)
      const input = record.artifacts.get('input')!.data as Int8Array
      const traj = record.artifacts.get('trajectory')!.data as Float64Array
      expect(traj.length / 4).toBe(result.steps)
      const seq = replay(input, traj)
      const states = record.artifacts.get('states')!
      const at = states.meta!.at as number[]
      expect(at).toEqual(Array.from({ length: result.steps + 1 }, (_, k) => k))
      at.forEach((u, k) => expect(Array.from(states.data.subarray(16 * k, 16 * k + 16))).toEqual(Array.from(seq[u])))
      const net = { N: 16, W: hebbianWeights(patternSet([V, H], 16)), b: new Float64Array(16) }
      for (let r = 0; r < result.steps; r++) expect(traj[4 * r + 3]).toBeCloseTo(energy(net, seq[r + 1]), 12)
      expect(result.finalEnergy).toBeCloseTo(energy(net, seq[seq.length - 1]), 12)
      if (dynamics === 'async-random') {
        // Deterministic: energy never rises along the stored trajectory; the spin is sign(field).
        for (let r = 1; r < result.steps; r++) expect(traj[4 * r + 3]).toBeLessThanOrEqual(traj[4 * r - 1] + 1e-12)
        for (let r = 0; r < result.steps; r++) expect(traj[4 * r + 2]).toBe(traj[4 * r + 1] >= 0 ? 1 : -1)
      }
    }
  })
  it('metrics: a row per update for a small net, starting at step 0, flips summing to the changes', () => {
    const { result, record } = run(params, 7)
    expect(record.steps[0]).toBe(0)
    expect(record.steps).toEqual(Array.from({ length: result.steps + 1 }, (_, k) => k))
    const traj = record.artifacts.get('trajectory')!.data
    const input = record.artifacts.get('input')!.data as Int8Array
    const seq = replay(input, traj as Float64Array)
    let changes = 0
    for (let k = 1; k < seq.length; k++) if (seq[k].some((v, i) => v !== seq[k - 1][i])) changes++
    expect(record.rows.reduce((s, r) => s + r.flips, 0)).toBe(changes)
    expect(Object.keys(record.rows[0]).sort()).toEqual(['energy', 'flips', 'nearest', 'overlap'])
    expect(record.rows.at(-1)).toMatchObject({ energy: -7, overlap: 1, nearest: 0 })
  })
  it('a big net (32×32) reports per 1/16 pass and keeps one state per pass by default', () => {
    const pats = glyphs('AXO', 32, 32)
    const { result, record } = run({ ...stripesRecall(), width: 32, height: 32, patterns: pats, corruption: [{ type: 'flip', fraction: 0.15 }] }, 3)
    expect(result).toMatchObject({ outcome: 'recalled', recalledIndex: 0, converged: true })
    expect(record.steps.slice(0, 3)).toEqual([0, 64, 128])
    const states = record.artifacts.get('states')!
    expect(states.meta!.at).toEqual(Array.from({ length: result.sweeps + 1 }, (_, k) => 1024 * k))
  })
  it('the same seed gives the same run; a different seed a different corruption', () => {
    const a = run(params, 5)
    const b = run(params, 5)
    const c = run(params, 6)
    expect(a.result).toEqual(b.result)
    expect(Array.from(a.record.artifacts.get('trajectory')!.data)).toEqual(Array.from(b.record.artifacts.get('trajectory')!.data))
    expect(Array.from(a.record.artifacts.get('input')!.data)).not.toEqual(Array.from(c.record.artifacts.get('input')!.data))
  })
  it('a stop request ends the run early with its result', () => {
    const { ctx } = localContext<{ T?: number }>(1, { controls: [null, null, 'stop'] })
    const result = runHopfieldRecall(stripesRecall({ dynamics: 'glauber', T: 5, maxSweeps: 50 }), ctx)
    expect(result).toMatchObject({ stopped: true, steps: 3 })
  })
  it('a live temperature change reaches Glauber dynamics', () => {
    // Frozen at T = 0.01 the stored pattern never moves; heated to 100 at the first checkpoint it does.
    const cold = run(stripesRecall({ dynamics: 'glauber', T: 0.01, maxSweeps: 20 }))
    expect(cold.record.rows.every((r) => r.flips === 0)).toBe(true)
    const { ctx, record } = localContext<{ T?: number }>(1, { controls: [{ T: 100 }] })
    runHopfieldRecall(stripesRecall({ dynamics: 'glauber', T: 0.01, maxSweeps: 20 }), ctx)
    expect(record.rows.reduce((s, r) => s + r.flips, 0)).toBeGreaterThan(50)
  })
  it('a long run keeps the first TRAJECTORY_CAP updates, says so, and still stores every pass', () => {
    const pats = glyphs('H', 32, 32)
    const { result, record } = run({ ...stripesRecall(), width: 32, height: 32, patterns: pats, dynamics: 'glauber', T: 10, maxSweeps: 100 }, 2)
    expect(result.steps).toBe(102_400)
    expect(record.artifacts.get('trajectory')!.data.length).toBe(4 * TRAJECTORY_CAP)
    expect(record.logs).toContain(`trajectory kept for the first ${TRAJECTORY_CAP} of 102400 updates`)
    expect(record.artifacts.get('states')!.meta!.count).toBe(101)
    expect(record.artifacts.get('weights')!.data.length).toBe(1024 * 1024) // N = 1024 is the largest stored
  })
})

describe('bad input: a clear message and nothing done', () => {
  const cases: [string, HopfieldRecallParams, string][] = [
    ['mismatched pattern size', stripesRecall({ patterns: [V, H.slice(0, 12)] }), 'pattern 1 has 12 pixels but a 4×4 grid has 16'],
    ['a pixel that is not ±1', stripesRecall({ patterns: [V, [...H.slice(0, 15), 0]] }), 'pattern 1, pixel 15 is 0: stored pixels must be +1 or −1'],
    ['empty library', stripesRecall({ patterns: [] }), 'the pattern library is empty: store at least one pattern before recall'],
    ['grid too small', stripesRecall({ width: 3, height: 4, patterns: [V.slice(0, 12)] }), 'grid width must be a whole number from 4 to 64 (got 3)'],
    ['grid too big', stripesRecall({ width: 4, height: 65 }), 'grid height must be a whole number from 4 to 64 (got 65)'],
    ['pseudo-inverse with p > N', stripesRecall({ rule: 'pseudoinverse', patterns: Array.from({ length: 17 }, () => V) }), 'the pseudo-inverse rule stores at most N = 16 patterns (got 17)'],
    ['input pattern out of range', stripesRecall({ input: { from: 'pattern', index: 2 } }), 'input pattern 2 does not exist: the library has 2 patterns'],
    ['blank region off the grid', stripesRecall({ corruption: [{ type: 'blank', x: 3, y: 0, width: 2, height: 1 }] }), 'blank region 2×1 at (3, 0) does not fit in the 4×4 grid']
  ]
  for (const [name, params, message] of cases) {
    it(name, () => {
      const { ctx, record } = localContext(1)
      expect(() => runHopfieldRecall(params, ctx)).toThrow(message)
      expect(record.rows).toEqual([])
      expect(record.artifacts.size).toBe(0)
      expect(record.frames).toBe(0)
    })
  }
})
