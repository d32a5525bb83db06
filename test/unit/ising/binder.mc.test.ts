import { describe, expect, it } from 'vitest'
import { binderCrossings } from '../../../src/engine/ising/binder'
import { ONSAGER_TC } from '../../../src/engine/ising/exact'
import { runSweepPoint } from '../../../src/engine/ising/sweepPoint'
import { localContext } from '../../../src/engine/localContext'

// The whole pipeline on real Monte Carlo data: Metropolis sweep points for L = 8, 16, 32 on
// four temperatures around Tc → U4 with jackknife errors → pair crossings → combined Tc.
// Measured cost: ~2–3 s for the 12 points (20 000 sweeps each) on a loaded 2-core machine.
describe('Binder crossing from Monte Carlo', () => {
  it('L ∈ {8, 16, 32}: the combined crossing lies within 1% of Onsager Tc', () => {
    const Ts = [2.21, 2.25, 2.29, 2.33]
    const curves = [8, 16, 32].map((L) => {
      const U4: number[] = []
      const U4Err: number[] = []
      Ts.forEach((T, i) => {
        const { ctx } = localContext(1000 + L * 10 + i)
        const r = runSweepPoint(
          { L, T, J: 1, B: 0, algorithm: 'metropolis', start: 'random', equilibrationSweeps: 2000, measurementSweeps: 20000 },
          ctx
        )
        U4.push(Number(r.U4))
        U4Err.push(Number(r.U4Err))
      })
      return { L, T: Ts, U4, U4Err }
    })
    // sanity of the data: below Tc the larger lattice has the larger U4, above the smaller
    expect(curves[2].U4[0]).toBeGreaterThan(curves[0].U4[0])
    expect(curves[2].U4[3]).toBeLessThan(curves[0].U4[3])
    const est = binderCrossings(curves, { method: 'quadratic', seed: 1 })
    expect(est.pairs.every((p) => Number.isFinite(p.T))).toBe(true)
    expect(Math.abs(est.Tc - ONSAGER_TC) / ONSAGER_TC).toBeLessThan(0.01)
    // the error bar is tight enough for the 1% to be a real test, and consistent with Onsager
    expect(est.error / ONSAGER_TC).toBeLessThan(0.005)
    expect(Math.abs(est.Tc - ONSAGER_TC)).toBeLessThan(4 * est.error)
    // a single far-apart pair alone also lands within 1%
    const p832 = est.pairs.find((p) => p.L1 === 8 && p.L2 === 32)!
    expect(Math.abs(p832.T - ONSAGER_TC) / ONSAGER_TC).toBeLessThan(0.01)
  })
})
