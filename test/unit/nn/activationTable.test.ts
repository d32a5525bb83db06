import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { leakyReluBackward, leakyReluForward, tanhFloat32 } from '../../../src/engine/nn/activations'

describe('branch-free (leaky) ReLU', () => {
  const r = createRng(71)
  const z = Float32Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? 0 : r.normal() * 3))
  z[1] = -0
  const dy = Float32Array.from({ length: 4000 }, () => r.normal())
  for (const leak of [0, 0.01, 0.1, 0.3]) {
    it(`leak ${leak}: σ(z) = z for z ≥ 0 else leak·z, σ'(z) = 1 for z ≥ 0 else leak — bit for bit`, () => {
      const y = new Float32Array(z.length)
      const dz = new Float32Array(z.length)
      leakyReluForward(z, y, z.length, leak)
      leakyReluBackward(z, dy, dz, z.length, leak)
      for (let i = 0; i < z.length; i++) {
        expect(y[i] + 0).toBe(Math.fround(z[i] >= 0 ? z[i] : leak * z[i]) + 0)
        expect(dz[i] + 0).toBe(Math.fround(z[i] >= 0 ? dy[i] : leak * dy[i]) + 0)
      }
      if (leak === 0) expect(Object.is(y[1], 0) && Object.is(y[3 * 7], 0)).toBe(true) // +0, never −0
    })
  }
  it('works in place', () => {
    const a = Float32Array.of(-2, -0.5, 0, 3)
    leakyReluForward(a, a, 4, 0.5)
    expect(Array.from(a)).toEqual([-1, -0.25, 0, 3])
  })
})

describe('tanh for float32 work', () => {
  it('stays within 2.6e-7 of Math.tanh (two float32 ulps at 1) over ±12, is odd, saturates within 2.7e-7 of ±1 and is z itself near 0', () => {
    let worst = 0
    for (let z = -12; z <= 12; z += 1e-4) worst = Math.max(worst, Math.abs(tanhFloat32(z) - Math.tanh(z)))
    expect(worst).toBeLessThan(2.7e-7)
    expect(worst).toBeGreaterThan(0) // an approximation, not Math.tanh itself
    for (const z of [0.001, 0.3, 1, 2.5, 6]) expect(tanhFloat32(-z)).toBe(-tanhFloat32(z))
    expect(tanhFloat32(50)).toBe(tanhFloat32(8)) // clamped where tanh is 1 to float32 precision
    expect(1 - tanhFloat32(50)).toBeLessThan(2.7e-7)
    expect(tanhFloat32(-1e30)).toBe(-tanhFloat32(50))
    expect(tanhFloat32(1e-5)).toBe(1e-5)
    expect(tanhFloat32(0)).toBe(0)
  })
})
