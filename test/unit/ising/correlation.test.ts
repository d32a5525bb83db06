// G(r), S(k_min) and the second-moment ξ (src/engine/ising/correlation.ts) against hand-made
// lattices and exact enumeration of L = 4.
import { describe, expect, it } from 'vitest'
import { addAxisCorrelation, lowestModeStructureFactor, lowestModeTable } from '../../../src/engine/ising/correlation'
import { secondMomentLength } from '../../../src/engine/ising/observables'
import { runSweepPoint } from '../../../src/engine/ising/sweepPoint'
import { localContext } from '../../../src/engine/localContext'
import { isingEnumeration } from '../../oracles/isingEnumeration'

describe('one lattice', () => {
  it('all up: G(r) = 1 and S(k_min) = 0; a checkerboard: G(r) = (−1)^r', () => {
    const L = 8
    const up = new Int8Array(L * L).fill(1)
    const G = new Float64Array(L / 2 + 1)
    addAxisCorrelation(up, L, G)
    expect(Array.from(G)).toEqual([1, 1, 1, 1, 1])
    expect(lowestModeStructureFactor(up, L, lowestModeTable(L))).toBeCloseTo(0, 14)
    const checker = Int8Array.from({ length: L * L }, (_, i) => (((i % L) + Math.floor(i / L)) % 2 ? -1 : 1))
    const Gc = new Float64Array(L / 2 + 1)
    addAxisCorrelation(checker, L, Gc)
    expect(Array.from(Gc)).toEqual([1, -1, 1, -1, 1])
  })

  it('a stripe σ = cos-like (up for x < L/2, down after): S(k_min)/N by hand', () => {
    const L = 4
    // columns x = 0, 1 up, x = 2, 3 down: column sums (4, 4, −4, −4); along x:
    // Σ e^{iπx/2} c_x = 4(1 + i − (−1) − (−i)) = 8 + 8i → |·|² = 128; along y all row sums are 0.
    const s = Int8Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 1 : -1))
    expect(lowestModeStructureFactor(s, L, lowestModeTable(L))).toBeCloseTo(128 / (2 * 256), 12)
  })
})

describe('Monte Carlo against exact enumeration, L = 4', () => {
  it.each([2.0, 2.5, 3.5])('T = %f: G(r) within 3σ, ξ within 3σ of the exact second-moment length', (T) => {
    const ex = isingEnumeration(4, T)
    const { ctx, record } = localContext(11)
    const r = runSweepPoint({ L: 4, T, J: 1, B: 0, algorithm: 'heatbath', start: 'random', equilibrationSweeps: 500, measurementSweeps: 40000, keepSamples: 40000 }, ctx)
    const G = record.artifacts.get('correlation')!.data as Float64Array
    expect(G.length).toBe(6)
    for (let rr = 1; rr <= 2; rr++) expect(Math.abs(G[rr] - ex.correlation[rr]), `G(${rr})`).toBeLessThan(3 * G[3 + rr])
    expect(G[0]).toBe(1)
    const xiExact = secondMomentLength(ex.magnetizationSquared, ex.lowestMode, 4)
    expect(Math.abs(Number(r.xi) - xiExact)).toBeLessThan(3 * Number(r.xiErr))
    expect(Number(r.xiErr)).toBeLessThan(0.1 * xiExact)
  })
})
