import { describe, expect, it } from 'vitest'
import {
  criticalTemperature,
  ellipticE,
  ellipticK,
  ONSAGER_TC,
  onsagerEnergy,
  onsagerFreeEnergy,
  onsagerMagnetization,
  onsagerSpecificHeat
} from '../../../src/engine/ising/exact'

/** Composite Gauss-free check of the AGM integrals: plain midpoint rule with many points. */
function quad(f: (t: number) => number, n = 200000): number {
  const h = Math.PI / 2 / n
  let s = 0
  for (let i = 0; i < n; i++) s += f((i + 0.5) * h)
  return s * h
}

describe('complete elliptic integrals by the AGM', () => {
  it.each([0, 0.1, 0.5, 0.9, 0.99])('K(%f) and E(%f) agree with direct quadrature', (k) => {
    const K = quad((t) => 1 / Math.sqrt(1 - k * k * Math.sin(t) ** 2))
    const E = quad((t) => Math.sqrt(1 - k * k * Math.sin(t) ** 2))
    expect(Math.abs(ellipticK(k) - K)).toBeLessThan(1e-9)
    expect(Math.abs(ellipticE(k) - E)).toBeLessThan(1e-9)
  })

  it('known values: K(0) = E(0) = π/2, E(1) = 1, K(1/√2) = Γ(1/4)²/(4√π)', () => {
    expect(ellipticK(0)).toBeCloseTo(Math.PI / 2, 15)
    expect(ellipticE(0)).toBeCloseTo(Math.PI / 2, 15)
    expect(ellipticE(1)).toBe(1)
    const gamma14 = 3.625609908221908 // Γ(1/4)
    expect(Math.abs(ellipticK(Math.SQRT1_2) - (gamma14 * gamma14) / (4 * Math.sqrt(Math.PI)))).toBeLessThan(1e-14)
  })
})

describe('Onsager solution', () => {
  it('Tc = 2/ln(1+√2) ≈ 2.269185, where sinh(2/Tc) = 1; scales with |J|', () => {
    expect(ONSAGER_TC).toBeCloseTo(2.269185314213022, 14)
    expect(Math.sinh(2 / ONSAGER_TC)).toBeCloseTo(1, 14)
    expect(criticalTemperature(2.5)).toBeCloseTo(2.5 * ONSAGER_TC, 13)
  })

  it('u(Tc) = −√2', () => {
    expect(Math.abs(onsagerEnergy(ONSAGER_TC) + Math.SQRT2)).toBeLessThan(1e-14)
    // and continuous through Tc
    expect(Math.abs(onsagerEnergy(ONSAGER_TC * (1 + 1e-9)) + Math.SQRT2)).toBeLessThan(1e-7)
    expect(Math.abs(onsagerEnergy(ONSAGER_TC * (1 - 1e-9)) + Math.SQRT2)).toBeLessThan(1e-7)
  })

  it.each([0.8, 1.5, 2.0, 2.2, 2.3, 2.6, 3.5, 6.0])('u = ∂(βf)/∂β and c = du/dT by finite differences at T = %f', (T) => {
    const b = 1 / T
    const h = 2e-5
    const bf = (beta: number) => beta * onsagerFreeEnergy(1 / beta)
    const uFD = (bf(b + h) - bf(b - h)) / (2 * h)
    expect(Math.abs(onsagerEnergy(T) - uFD)).toBeLessThan(1e-7)
    const dT = 1e-5
    const cFD = (onsagerEnergy(T + dT) - onsagerEnergy(T - dT)) / (2 * dT)
    expect(Math.abs(onsagerSpecificHeat(T) - cFD)).toBeLessThan(1e-6 * Math.max(1, cFD))
  })

  it('low-T series: u = −2 + 8e^{−8β} + 24e^{−12β} + O(e^{−16β}), c = 64β²e^{−8β} + …', () => {
    const T = 0.5
    const b = 1 / T
    expect(Math.abs(onsagerEnergy(T) - (-2 + 8 * Math.exp(-8 * b) + 24 * Math.exp(-12 * b)))).toBeLessThan(1e-12)
    const c = onsagerSpecificHeat(T)
    const c0 = 64 * b * b * Math.exp(-8 * b) + 288 * b * b * Math.exp(-12 * b)
    expect(Math.abs(c - c0) / c0).toBeLessThan(1e-3)
  })

  it('high-T series: ln Z/N = ln 2 + 2 ln cosh β + t⁴ + 2t⁶ + O(t⁸), t = tanh β (J = 1)', () => {
    const T = 20
    const t = Math.tanh(1 / T)
    // u = −∂/∂β: dt/dβ = 1 − t²; the neglected (9/2)t⁸ term contributes 36t⁷ ≈ 3e-8
    const u = -2 * t - (4 * t ** 3 + 12 * t ** 5) * (1 - t * t)
    expect(Math.abs(onsagerEnergy(T) - u)).toBeLessThan(1e-7)
    expect(Math.abs(onsagerFreeEnergy(1e6) + 1e6 * Math.LN2)).toBeLessThan(1e-3)
  })

  it('c diverges as (8Kc²/π) ln: the difference between |t| = 1e-4 and 1e-5 is (8Kc²/π) ln 10 on both sides', () => {
    const A = (8 / (ONSAGER_TC * ONSAGER_TC)) / Math.PI
    for (const side of [-1, 1]) {
      const d = onsagerSpecificHeat(ONSAGER_TC * (1 + side * 1e-5)) - onsagerSpecificHeat(ONSAGER_TC * (1 + side * 1e-4))
      expect(Math.abs(d - A * Math.LN10)).toBeLessThan(2e-3)
    }
    expect(onsagerSpecificHeat(ONSAGER_TC)).toBe(Infinity)
  })

  it('spontaneous magnetization: known values, 0 above Tc, β = 1/8 near Tc', () => {
    expect(onsagerMagnetization(2.0)).toBeCloseTo(0.911319377877496, 12) // (1 − sinh(1)^−4)^{1/8}
    expect(onsagerMagnetization(1.0)).toBeCloseTo(0.999275751957061, 12)
    expect(onsagerMagnetization(ONSAGER_TC)).toBe(0)
    expect(onsagerMagnetization(3)).toBe(0)
    // m ∝ (Tc − T)^{1/8}: the ratio for a tenfold smaller distance → 10^{−1/8}
    const r = onsagerMagnetization(ONSAGER_TC * (1 - 1e-7)) / onsagerMagnetization(ONSAGER_TC * (1 - 1e-6))
    expect(r).toBeCloseTo(Math.pow(10, -1 / 8), 5)
    // Low-T series: m = 1 − 2x⁴ − 8x⁶ + … with x = e^{−2β} (Yang)
    const x = Math.exp(-2 / 0.6)
    expect(Math.abs(onsagerMagnetization(0.6) - (1 - 2 * x ** 4 - 8 * x ** 6))).toBeLessThan(1e-9)
  })

  it('general J: u scales with J at fixed T/J; antiferromagnet maps to |J|', () => {
    expect(onsagerEnergy(3, 1.5)).toBeCloseTo(1.5 * onsagerEnergy(2), 13)
    expect(onsagerSpecificHeat(3, 1.5)).toBeCloseTo(onsagerSpecificHeat(2), 13)
    expect(onsagerMagnetization(3, 1.5)).toBeCloseTo(onsagerMagnetization(2), 13)
    expect(onsagerEnergy(2, -1)).toBeCloseTo(onsagerEnergy(2), 13)
    expect(onsagerMagnetization(2, -1)).toBe(0)
  })
})
