// Replica exchange (src/engine/ising/replicaExchange.ts) against exact enumeration.
import { describe, expect, it } from 'vitest'
import { createReplicaLadder, roundTripCounter, runReplicaExchange, swapAcceptance } from '../../../src/engine/ising/replicaExchange'
import { createRng } from '../../../src/engine/rng'
import { localContext } from '../../../src/engine/localContext'
import { isingEnumeration } from '../../oracles/isingEnumeration'

/** Energy of each of the 16 states of the periodic 2×2 lattice (each bond counted twice, as Eq. 14 on L = 2 does). */
function energiesL2(J: number, B: number): number[] {
  const out: number[] = []
  for (let c = 0; c < 16; c++) {
    const s = (x: number, y: number) => ((c >> ((y % 2) * 2 + (x % 2))) & 1 ? 1 : -1)
    let bonds = 0
    let m = 0
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 2; x++) {
        bonds += s(x, y) * (s(x + 1, y) + s(x, y + 1))
        m += s(x, y)
      }
    out.push(-J * bonds - B * m)
  }
  return out
}

const stateOf = (spins: Int8Array): number => spins.reduce((c, s, i) => c | ((s > 0 ? 1 : 0) << i), 0)

describe('the swap rule', () => {
  it('is min(1, e^{(βi − βj)(Ei − Ej)})', () => {
    expect(swapAcceptance(1, 0.5, -8, -4)).toBeCloseTo(Math.exp(-2), 15)
    expect(swapAcceptance(1, 0.5, -4, -8)).toBe(1)
    expect(swapAcceptance(0.7, 0.7, 3, -5)).toBe(1)
  })

  const J = 1
  const B = 0.3
  const T = [1.2, 2.4]
  const E = energiesL2(J, B)
  const [p1, p2] = T.map((t) => {
    const w = E.map((e) => Math.exp(-e / t))
    const z = w.reduce((a, b) => a + b, 0)
    return w.map((x) => x / z)
  })

  /** χ²/cell of the joint histogram of n sweeps (each followed by `swap`) against π₁(σ₁)π₂(σ₂), over
   *  cells expecting ≥ 20 (consecutive samples are correlated over ~2 sweeps: the bounds allow for that). */
  function jointChi2(swap: (ladder: ReturnType<typeof createReplicaLadder>) => void, n: number) {
    const ladder = createReplicaLadder({ L: 2, J, B, algorithm: 'heatbath', start: 'random' }, T, { rng: createRng(21) })
    const counts = new Float64Array(256)
    for (let s = 0; s < n; s++) {
      ladder.sweep()
      swap(ladder)
      counts[stateOf(ladder.sims[0].spins()) * 16 + stateOf(ladder.sims[1].spins())]++
    }
    let chi2 = 0
    let cells = 0
    for (let a = 0; a < 16; a++)
      for (let b = 0; b < 16; b++) {
        const e = n * p1[a] * p2[b]
        if (e < 20) continue
        chi2 += (counts[a * 16 + b] - e) ** 2 / e
        cells++
      }
    return { perCell: chi2 / cells, cells, ladder }
  }

  it('detailed balance: 2 replicas of L = 2 sample the exact joint distribution π₁(σ₁)π₂(σ₂), with the exact swap rate', () => {
    let expectedRate = 0
    for (let a = 0; a < 16; a++) for (let b = 0; b < 16; b++) expectedRate += p1[a] * p2[b] * swapAcceptance(1 / T[0], 1 / T[1], E[a], E[b])
    const { perCell, cells, ladder } = jointChi2((l) => l.offerSwaps(0), 200000)
    expect(cells).toBeGreaterThan(10)
    expect(perCell).toBeLessThan(3)
    const rate = ladder.accepted[0] / ladder.offered[0]
    expect(Math.abs(rate - expectedRate)).toBeLessThan(0.01)
    expect(expectedRate).toBeGreaterThan(0.1)
    expect(expectedRate).toBeLessThan(0.9)
  })

  it('a wrong rule (the sign of the exponent flipped) fails the same χ² test', () => {
    const rng = createRng(5)
    const { perCell } = jointChi2((l) => {
      const [a, b] = l.sims
      if (rng.uniform() < swapAcceptance(1 / T[1], 1 / T[0], a.energy(), b.energy())) {
        l.sims[0] = b
        l.sims[1] = a
        b.setTemperature(T[0])
        a.setTemperature(T[1])
      }
    }, 50000)
    expect(perCell).toBeGreaterThan(10)
  })
})

describe('round trips', () => {
  it('counts cold → hot → cold, not half trips', () => {
    const c = roundTripCounter(3)
    // replica 0 starts cold, goes hot, comes back: one trip; replica 2 starts hot, comes cold: none
    c.after(Int32Array.of(0, 1, 2))
    c.after(Int32Array.of(1, 0, 2))
    c.after(Int32Array.of(1, 2, 0))
    c.after(Int32Array.of(2, 1, 0))
    expect(c.trips).toBe(0)
    c.after(Int32Array.of(2, 0, 1))
    c.after(Int32Array.of(0, 2, 1))
    expect(c.trips).toBe(1)
  })
})

describe('replica exchange sweep', () => {
  it('L = 4, B = 0.1, T ∈ [1.5, 3.5], heat-bath: e, m, |m| within 3σ of exact enumeration at every T (where the plain run fails at 1.5)', () => {
    const temperatures = Array.from({ length: 9 }, (_, i) => 1.5 + 0.25 * i)
    const { ctx, record } = localContext(13)
    const r = runReplicaExchange({ L: 4, temperatures, J: 1, B: 0.1, algorithm: 'heatbath', start: 'random', equilibrationSweeps: 1000, measurementSweeps: 20000 }, ctx)
    expect(r.points.map((p) => p.T)).toEqual(temperatures)
    for (const p of r.points) {
      const ex = isingEnumeration(4, Number(p.T), 1, 0.1)
      for (const [k, exact] of [
        ['e', ex.energyPerSpin],
        ['m', ex.magnetization],
        ['absM', ex.absMagnetization]
      ] as const)
        expect(Math.abs(Number(p[k]) - exact), `${k} at T = ${p.T}`).toBeLessThan(3 * Number(p[`${k}Err`]))
      expect(p.tunnellingFlag).toBe(0)
    }
    expect(r.swapAcceptance).toHaveLength(8)
    for (const a of r.swapAcceptance) expect(a).toBeGreaterThan(0.3)
    expect(r.roundTrips).toBeGreaterThan(100)
    expect(r.roundTripTime).toBeCloseTo((9 * 20000) / r.roundTrips, 9)
    // artifacts per temperature, named as a sweep point's under its L
    expect(record.artifacts.has('T=1.5000/lattice')).toBe(true)
    expect(record.artifacts.has('T=3.5000/samples')).toBe(true)
  })

  it('is deterministic for a seed and refuses fewer than 2 temperatures', () => {
    const p = { L: 4, temperatures: [2, 2.5], J: 1, B: 0, algorithm: 'metropolis' as const, start: 'random' as const, equilibrationSweeps: 10, measurementSweeps: 500 }
    const a = runReplicaExchange(p, localContext(3).ctx)
    const b = runReplicaExchange(p, localContext(3).ctx)
    expect(a).toEqual(b)
    expect(() => runReplicaExchange({ ...p, temperatures: [2] }, localContext(3).ctx)).toThrow(/at least 2/)
  })
})
