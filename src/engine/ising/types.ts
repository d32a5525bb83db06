// The shape every Ising update algorithm presents, so that live runs, sweep points,
// hysteresis loops and dataset sampling drive any of them the same way.

import type { Rng } from '../rng'

/** Eq. 14: H = -J Σ<ij> σiσj - B Σ σi on an L×L periodic square lattice, at temperature T (k_B = 1). */
export interface IsingModel {
  L: number
  J: number
  B: number
  T: number
}

export type IsingAlgorithm = 'metropolis' | 'heatbath' | 'wolff'
export type IsingStart = 'random' | 'up' | 'down'

export interface IsingSimOptions {
  algorithm: IsingAlgorithm
  start: IsingStart
  rng: Rng
  /** Start from this lattice (±1, row-major, length L²) instead of `start`: carried sweeps. */
  initial?: Int8Array
}

export interface IsingSim {
  readonly L: number
  readonly N: number
  readonly algorithm: IsingAlgorithm
  /** One Monte Carlo unit: a full sweep (N attempted updates) for Metropolis and heat-bath,
   *  one cluster for Wolff. Returns the number of spin updates attempted (Wolff: cluster size). */
  step(): number
  /** Total energy of Eq. 14 for the current lattice. */
  energy(): number
  /** Total magnetization Σσi. */
  magnetization(): number
  /** The current lattice as ±1, row-major (a copy when the internal layout is packed). */
  spins(): Int8Array
  setTemperature(T: number): void
  setField(B: number): void
  setCoupling(J: number): void
  readonly model: Readonly<IsingModel>
}
