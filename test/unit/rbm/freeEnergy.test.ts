// Free energy and partition function identities against brute-force sums of Eq. 20 over every
// joint state: e^{−F(v)} = Σ_h e^{−E(v,h)}, e^{−F(h)} = Σ_v e^{−E(v,h)}, Z = Σ_{v,h} e^{−E}
// whichever layer the enumeration sums over, and the batched (GEMM) free energies equal the
// single-vector ones. Binary and spin units. Tolerance 1e-9 relative (float64 sums).

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { energy } from '../../../src/engine/rbm/model'
import { freeEnergies, freeEnergy, hiddenFreeEnergy } from '../../../src/engine/rbm/freeEnergy'
import { enumerateLayer, exactLogZ, logSumExp, visibleDistribution } from '../../../src/engine/rbm/exact'
import { bits, bruteEnergy, bruteJoint, dyadicRbm } from './helpers'

describe.each(['binary', 'spin'] as const)('free energy, %s units', (units) => {
  const m = dyadicRbm(5, 3, units, 7, 1.5)
  it('Eq. 20 as coded equals Eq. 20 written out', () => {
    for (let s = 0; s < 2 ** 8; s++) {
      const v = bits(s & 31, 5, units)
      const h = bits(s >> 5, 3, units)
      expect(energy(m, v, h)).toBeCloseTo(bruteEnergy(m, v, h), 12)
    }
  })
  it('e^{−F(v)} = Σ_h e^{−E(v,h)} and e^{−F(h)} = Σ_v e^{−E(v,h)}', () => {
    for (let s = 0; s < 32; s++) {
      const v = bits(s, 5, units)
      let z = 0
      for (let t = 0; t < 8; t++) z += Math.exp(-bruteEnergy(m, v, bits(t, 3, units)))
      expect(freeEnergy(m, v)).toBeCloseTo(-Math.log(z), 10)
    }
    for (let t = 0; t < 8; t++) {
      const h = bits(t, 3, units)
      let z = 0
      for (let s = 0; s < 32; s++) z += Math.exp(-bruteEnergy(m, bits(s, 5, units), h))
      expect(hiddenFreeEnergy(m, h)).toBeCloseTo(-Math.log(z), 10)
    }
  })
  it('log Z is the same summed over v, over h, or over every joint state', () => {
    let z = 0
    for (let s = 0; s < 2 ** 8; s++) z += Math.exp(-bruteEnergy(m, bits(s & 31, 5, units), bits(s >> 5, 3, units)))
    const brute = Math.log(z)
    expect(exactLogZ(m)).toBeCloseTo(brute, 10) // sums over the 3 hidden units
    const lv = new Float64Array(32)
    enumerateLayer(m, 'visible', (s, w) => (lv[s] = w))
    expect(logSumExp(lv)).toBeCloseTo(brute, 10)
    // every visited visible state has weight −F(v)
    for (let s = 0; s < 32; s++) expect(lv[s]).toBeCloseTo(-freeEnergy(m, bits(s, 5, units)), 10)
    const pv = visibleDistribution(m)
    const joint = bruteJoint(m)
    for (let s = 0; s < 32; s++) {
      let marg = 0
      for (let t = 0; t < 8; t++) marg += joint[s + 32 * t]
      expect(pv[s]).toBeCloseTo(marg, 12)
    }
  })
  it('batched free energies (matrix product) equal the single-vector ones to float32 precision', () => {
    const big = dyadicRbm(40, 30, units, 3, 0.3)
    const n = 7
    const V = new Float32Array(n * 40)
    const rng = createRng(5)
    for (let k = 0; k < V.length; k++) V[k] = rng.uniform() < 0.5 ? 1 : units === 'binary' ? 0 : -1
    const out = new Float64Array(n)
    freeEnergies(big, V, n, out)
    for (let r = 0; r < n; r++) expect(Math.abs(out[r] - freeEnergy(big, V.subarray(r * 40, (r + 1) * 40)))).toBeLessThan(1e-4 * (1 + Math.abs(out[r])))
  })
})
