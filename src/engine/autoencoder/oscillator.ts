// Trajectories of the damped harmonic oscillator m ẍ + b ẋ + k x = 0 for the paper's remark
// that a latent neuron "may encode information about the spring constant". Every trajectory
// starts at x(0) = 1 at rest (ẋ(0) = 0) and is sampled at fixed times t_j = j·tMax/(samples − 1).
// Dividing the equation by m leaves ẍ + γ ẋ + ω₀² x = 0 with ω₀² = k/m and γ = b/m: x(t) depends
// on those two ratios only, so no latent can learn m, k or b apart — a network sees k/m and
// b/m, nothing else. m, k and b are drawn uniformly from their ranges, from a fixed data seed
// (so runs with different training seeds learn the same trajectories).

import { createRng } from '../rng'

export interface OscillatorParams {
  count: number
  /** Time points per trajectory. */
  samples: number
  tMax: number
  mass: [number, number]
  stiffness: [number, number]
  damping: [number, number]
  dataSeed: number
}

/** x(t) with x(0) = 1, ẋ(0) = 0 for ẍ + γẋ + ω₀²x = 0, in closed form for each damping regime. */
export function dampedOscillator(omega0: number, gamma: number, t: number): number {
  const a = gamma / 2
  const disc = omega0 * omega0 - a * a
  const scale = omega0 * omega0 + a * a
  // relative to the scale of the roots: treat a nearly critical case as critical, where the two
  // other forms divide by a vanishing frequency
  if (Math.abs(disc) <= 1e-12 * scale) return Math.exp(-a * t) * (1 + a * t)
  if (disc > 0) {
    const w = Math.sqrt(disc) // underdamped: oscillates at ω_d = √(ω₀² − γ²/4)
    return Math.exp(-a * t) * (Math.cos(w * t) + (a / w) * Math.sin(w * t))
  }
  const s = Math.sqrt(-disc) // overdamped: two decaying exponentials, roots r± = −a ± s
  const rp = -a + s
  const rm = -a - s
  return (rp * Math.exp(rm * t) - rm * Math.exp(rp * t)) / (rp - rm)
}

export interface OscillatorSet {
  count: number
  samples: number
  /** The sampling times. */
  t: Float64Array
  /** count × samples positions. */
  x: Float32Array
  /** Per trajectory: m, k, b, and the two numbers x(t) depends on, k/m and b/m. */
  physics: Float64Array
}

/** The names of the columns of `physics`, in order. */
export const OSCILLATOR_PHYSICS = ['k/m', 'b/m', 'm', 'k', 'b'] as const

export function oscillatorSet(p: OscillatorParams): OscillatorSet {
  const rng = createRng(p.dataSeed)
  const t = Float64Array.from({ length: p.samples }, (_, j) => (p.samples > 1 ? (j * p.tMax) / (p.samples - 1) : 0))
  const x = new Float32Array(p.count * p.samples)
  const w = OSCILLATOR_PHYSICS.length
  const physics = new Float64Array(p.count * w)
  const draw = ([lo, hi]: [number, number]): number => lo + (hi - lo) * rng.uniform()
  for (let i = 0; i < p.count; i++) {
    const m = draw(p.mass)
    const k = draw(p.stiffness)
    const b = draw(p.damping)
    physics.set([k / m, b / m, m, k, b], i * w)
    const omega0 = Math.sqrt(k / m)
    for (let j = 0; j < p.samples; j++) x[i * p.samples + j] = dampedOscillator(omega0, b / m, t[j])
  }
  return { count: p.count, samples: p.samples, t, x, physics }
}
