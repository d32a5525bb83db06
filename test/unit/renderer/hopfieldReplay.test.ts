import { describe, expect, it } from 'vitest'
import { localContext } from '../../../src/engine/localContext'
import { runHopfieldRecall, patternSet } from '../../../src/engine/hopfield/recallJob'
import { energy } from '../../../src/engine/hopfield/energy'
import { hebbianWeights } from '../../../src/engine/hopfield/weights'
import { glyphs } from '../../../src/engine/hopfield/presets'
import type { HopfieldRecallParams } from '../../../src/engine/hopfield/types'
import {
  Replay,
  largestRise,
  niceRange,
  outcomeText,
  parseRecallResult,
  recordFromArtifacts,
  thinned,
  type RecallRecord
} from '../../../src/renderer/lib/hopfieldReplay'
import { stripesRecall } from '../hopfield/helpers'

const params = stripesRecall

/** Run the real job in this thread and rebuild the record the panel replays from its artifacts. */
function recorded(p: HopfieldRecallParams, seed = 1, withE0 = true): { rec: RecallRecord; final: Int8Array } {
  const { ctx, record } = localContext(seed)
  const result = runHopfieldRecall(p, ctx)
  const art = (name: string) => {
    const a = record.artifacts.get(name)!
    return { data: a.data, meta: a.meta ?? {} }
  }
  const view = parseRecallResult(result as unknown as Record<string, unknown>)!
  const rec = recordFromArtifacts(
    { patterns: art('patterns'), input: art('input'), trajectory: art('trajectory'), states: art('states') },
    p as unknown as Record<string, unknown>,
    view,
    withE0 ? record.rows[0].energy : undefined
  )
  const states = art('states')
  const count = (states.meta.at as number[]).length
  const N = p.width * p.height
  return { rec, final: Int8Array.from(states.data).slice((count - 1) * N, count * N) }
}

/** 10×12 letters, 2 glyphs, input = glyph A with a blanked band and a few flips. */
function glyphParams(over: Partial<HopfieldRecallParams> = {}): HopfieldRecallParams {
  const pats = glyphs('AT', 10, 12)
  const state = pats[0].slice()
  for (const i of [3, 17, 44, 71, 90]) state[i] = -state[i]
  for (let i = 100; i < 120; i++) state[i] = 0
  return params({ width: 10, height: 12, patterns: pats, input: { from: 'state', state }, ...over })
}

describe('replaying a stored recall', () => {
  it('frame by frame, E equals Eq. 4 of the replayed state and the overlaps equal (1/N) Σ Pᵢsᵢ', () => {
    const p = glyphParams()
    const { rec, final } = recorded(p, 5)
    const N = 120
    const net = { N, W: hebbianWeights(patternSet(p.patterns, N)), b: new Float64Array(N) }
    const r = new Replay(rec)
    expect(r.last).toBe(rec.rows)
    for (let t = 0; t <= r.last; t++) {
      r.seek(t)
      expect(r.energy).toBeCloseTo(energy(net, r.s), 9)
      const m = r.overlaps()
      p.patterns.forEach((P, mu) => expect(m[mu]).toBeCloseTo(Array.from(P).reduce((s, v, i) => s + v * r.s[i], 0) / N, 12))
    }
    expect([...r.s]).toEqual([...final])
    expect(r.overlaps()).toEqual(rec.result.overlaps)
  })
  it('E₀ from the first trajectory row (E₁ + Δs·h) equals the measured energy of the input', () => {
    const p = glyphParams()
    const a = recorded(p, 2, true).rec
    const b = recorded(p, 2, false).rec
    expect(b.E0).toBeCloseTo(a.E0, 10)
  })
  it('seeking back restarts from a stored state and lands on the same state as stepping forward', () => {
    const { rec } = recorded(glyphParams({ stateStride: 7 }), 3)
    const fwd = new Replay(rec)
    const states: string[] = []
    for (let t = 0; t <= fwd.last; t++) {
      fwd.seek(t)
      states.push(fwd.s.join(','))
    }
    const back = new Replay(rec)
    back.seek(back.last)
    for (const t of [back.last - 1, 50, 13, 7, 1, 0, 88]) {
      if (t > back.last) continue
      back.seek(t)
      expect(back.s.join(',')).toBe(states[t])
    }
  })
  it('the described update matches the frames: neuron, field sign, spin before and after', () => {
    const { rec } = recorded(glyphParams(), 4)
    const r = new Replay(rec)
    let prev = r.s.slice()
    let flips = 0
    for (let t = 1; t <= r.last; t++) {
      r.seek(t)
      const u = r.lastUpdate()!
      expect(u.k).toBe(t - 1)
      expect(u.before).toBe(prev[u.site])
      expect(u.after).toBe(r.s[u.site])
      expect(u.flipped).toBe(prev[u.site] !== r.s[u.site])
      // Eq. 2 with sign(0) = +1.
      expect(u.after).toBe(u.field >= -1e-9 ? 1 : -1)
      if (u.flipped) flips++
      prev = r.s.slice()
    }
    expect(flips).toBeGreaterThan(0)
  })
  it('asynchronous dynamics never raise E (the chart is non-increasing); synchronous frames follow the stored states', () => {
    const { rec } = recorded(glyphParams(), 6)
    const r = new Replay(rec)
    expect(largestRise(r.energies)).toBeLessThanOrEqual(1e-9)
    expect(r.energies[r.last]).toBeLessThan(r.energies[0])

    const sync = recorded(glyphParams({ dynamics: 'sync' }), 6)
    const rs = new Replay(sync.rec)
    expect(rs.last).toBe(sync.rec.rows)
    rs.seek(rs.last)
    expect([...rs.s]).toEqual([...sync.final])
    expect(rs.xs[rs.last]).toBe(sync.rec.rows * 120)
    rs.seek(1)
    const u = rs.lastUpdate()!
    expect(u.site).toBe(-1)
    expect(u.changed).toBe([...rs.s].filter((v, i) => v !== sync.rec.input[i]).length)
  })
  it('a capped trajectory ends on the stored final state', () => {
    const { rec, final } = recorded(glyphParams({ dynamics: 'glauber', T: 0.3, maxSweeps: 5 }), 1)
    const capped: RecallRecord = { ...rec, rows: 50, traj: rec.traj.slice(0, 200) }
    const r = new Replay(capped)
    expect(r.last).toBe(51)
    r.seek(r.last)
    expect([...r.s]).toEqual([...final])
    expect(r.xs[r.last]).toBe(rec.updates)
    expect(r.lastUpdate()).toBeNull()
  })
})

describe('outcome words and helpers', () => {
  const base = { recalledIndex: -1, inverted: false, components: [] as number[], overlaps: [0.2, -1, 0.5], nearest: 1, nearestOverlap: -1, steps: 10, sweeps: 2, finalEnergy: -3, converged: true, cycle: false, stopped: false }
  it('names each outcome with 1-based pattern numbers', () => {
    expect(outcomeText({ ...base, outcome: 'recalled', recalledIndex: 2 }).title).toBe('Recalled pattern #3')
    expect(outcomeText({ ...base, outcome: 'inverse', recalledIndex: 1 }).title).toBe('The inverse of pattern #2')
    expect(outcomeText({ ...base, outcome: 'inverse', recalledIndex: 1 }).detail).toMatch(/m = −1\.000/)
    expect(outcomeText({ ...base, outcome: 'mixture', components: [2, 0] }).detail).toMatch(/#3, #1/)
    expect(outcomeText({ ...base, outcome: 'spurious' }).title).toBe('A spurious state')
    expect(outcomeText({ ...base, outcome: 'cycle' }).title).toBe('A 2-cycle')
  })
  it('niceRange puts the ends on a 1-2-5 step around the data, with room at touching ends', () => {
    expect(niceRange(-2100, -200)).toEqual([-2500, 0])
    // span 5.5: step 2 (the first of 1, 2, 5 at least 5.5/4).
    expect(niceRange(-7, -1.5)).toEqual([-8, 0])
    // an end on the step gets half a step of room: span 3, step 1.
    expect(niceRange(-4, -1)).toEqual([-4.5, -0.5])
    const [a, b] = niceRange(3.2, 3.2)
    expect(a).toBeLessThan(3.2)
    expect(b).toBeGreaterThan(3.2)
  })
  it('parseRecallResult refuses what is not a recall result', () => {
    expect(parseRecallResult(null)).toBeNull()
    expect(parseRecallResult({ outcome: 'nonsense' })).toBeNull()
    expect(parseRecallResult({ outcome: 'recalled', recalledIndex: 0 })?.recalledIndex).toBe(0)
  })
  it('thinned keeps the first and last values and the order', () => {
    const v = Array.from({ length: 1000 }, (_, i) => 5 - i)
    const t = thinned(v, 1000, 10)
    expect(t.length).toBe(10)
    expect(t[0]).toBe(5)
    expect(t[9]).toBe(-994)
    expect(largestRise(t)).toBeLessThan(0)
    expect(thinned(v, 5, 10)).toEqual([5, 4, 3, 2, 1])
  })
})
