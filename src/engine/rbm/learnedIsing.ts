// How close a machine trained on Ising configurations is to the Ising model itself, exactly
// (16 visible units: the machine's P(v) by enumeration): the relative entropy of Eq. 27 from
// the lattice's Boltzmann distribution to the machine's, raw and with the machine's
// distribution made spin-flip symmetric, and the machine's own e, |m|, C, χ and P(M > 0).
//
// Below Tc the raw figure is dominated by how the machine shares its weight between the +M and
// −M phases (a finite sample rarely has them half and half); the symmetrised one asks only
// whether each phase was learned.

import { visibleLogDistribution } from './exact'
import { relativeEntropy, spinFlipSymmetrized, thermoOfDistribution, type ExactIsing, type Thermo } from './isingExact'
import type { Rbm } from './model'

export interface LearnedIsing {
  /** S(P_Ising ‖ P_machine), nats. */
  kl: number
  /** S(P_Ising ‖ (P_machine(σ) + P_machine(−σ))/2), nats. */
  klSymmetrized: number
  /** The machine's exact observables and phase fractions. */
  machine: Thermo
}

export function compareWithIsing(m: Rbm, x: ExactIsing): LearnedIsing {
  if (m.nv !== x.L * x.L) throw new Error(`the machine has ${m.nv} visible units, the ${x.L}×${x.L} lattice has ${x.L * x.L} sites`)
  const logQ = visibleLogDistribution(m)
  return { kl: relativeEntropy(x.p, logQ), klSymmetrized: relativeEntropy(x.p, spinFlipSymmetrized(logQ)), machine: thermoOfDistribution(x, logQ.map(Math.exp)) }
}
