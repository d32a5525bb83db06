// The two kinds of unit a Boltzmann machine can have: binary {0, 1} (the paper's "on/off"
// nodes) or Ising spins {−1, +1} (Eq. 14's σ, for spin data and the ±1 movie ratings).
// Everything that depends on the kind of unit is here: the probability of being on in a
// local field a (Eqs. 22, 26), the mean value, and the sum over the unit's two states.

export type UnitKind = 'binary' | 'spin'

/** The value of an "off" unit: 0 for binary units, −1 for spins. */
export const offValue = (u: UnitKind): number => (u === 'binary' ? 0 : -1)

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

/** log(1 + eˣ) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))
}

/** P(s = on | a) for the energy −s·a: σ(a) for binary units (Eq. 22), σ(2a) for spins. */
export function onProbability(u: UnitKind, a: number): number {
  return sigmoid(u === 'binary' ? a : 2 * a)
}

/** ⟨s⟩ in the field a: σ(a) for binary units, tanh(a) for spins. */
export function meanValue(u: UnitKind, a: number): number {
  return u === 'binary' ? sigmoid(a) : Math.tanh(a)
}

/** log Σ_s e^{s·a} over the unit's two states: log(1 + eᵃ) or log(2 cosh a). */
export function logSumStates(u: UnitKind, a: number): number {
  if (u === 'binary') return softplus(a)
  const x = Math.abs(a)
  return x + Math.log1p(Math.exp(-2 * x))
}
