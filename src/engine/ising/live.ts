// The 'ising.live' job: one lattice of Eq. 14 under checkerboard Metropolis (multispin coded
// when L is a multiple of 32), watched while it runs. T, B and J can be changed live; they act
// from the next sweep. The parameter and control shapes mirror src/shared/kinds/ising.ts
// (the engine does not import the shared contract; the host validates with the zod schemas).

import type { JobContext } from '../job'
import type { IsingStart } from './types'
import { createIsingSim, latticeCopiesBytes, simBytes } from './simulation'
import type { MemoryTerms } from '../memory'

export interface IsingLiveParams {
  L: number
  T: number
  J: number
  B: number
  /** Sweeps to run; 0 runs until stopped. */
  sweeps: number
  /** Sweeps between two emitted measurements. */
  measureEvery: number
  start: IsingStart
  /** Cap on sweeps per second (0 = no cap). */
  maxSweepsPerSecond: number
}

export interface IsingLiveControl {
  T?: number
  B?: number
  J?: number
  maxSweepsPerSecond?: number
  /** Sweeps between stored measurements from now on (the live panel adapts it to the speed). */
  measureEvery?: number
}

export interface IsingLiveResult {
  sweeps: number
  /** The final lattice, at the final T, B, J. */
  e: number
  m: number
  absM: number
  T: number
  B: number
  J: number
  /** Averages of the emitted measurements over the whole run (spanning any live changes); null without any. */
  measurements: number
  runMeanE: number | null
  runMeanM: number | null
  runMeanAbsM: number | null
}

export function runIsingLive(params: IsingLiveParams, ctx: JobContext<IsingLiveControl>): IsingLiveResult {
  const { L, sweeps, measureEvery } = params
  const N = L * L
  const sim = createIsingSim(
    { L, T: params.T, J: params.J, B: params.B },
    { algorithm: 'metropolis', start: params.start, rng: ctx.rng }
  )
  ctx.throttle(params.maxSweepsPerSecond)
  if (ctx.frameDue()) ctx.frame(sim.spins(), { L, sweep: 0 })

  let every = measureEvery
  let sweep = 0
  let measured = 0
  let sumE = 0
  let sumM = 0
  let sumAbsM = 0
  while (sweeps === 0 || sweep < sweeps) {
    sim.step()
    sweep++
    if (sweep % every === 0) {
      const e = sim.energy() / N
      const m = sim.magnetization() / N
      ctx.emit(sweep, { e, m, absM: Math.abs(m) })
      measured++
      sumE += e
      sumM += m
      sumAbsM += Math.abs(m)
    }
    if (ctx.frameDue()) ctx.frame(sim.spins(), { L, sweep })
    if (sweeps > 0) ctx.progress(sweep / sweeps)
    const control = ctx.checkpoint()
    if (control === 'stop') break
    if (control) {
      if (control.T !== undefined) sim.setTemperature(control.T)
      if (control.B !== undefined) sim.setField(control.B)
      if (control.J !== undefined) sim.setCoupling(control.J)
      if (control.maxSweepsPerSecond !== undefined) ctx.throttle(control.maxSweepsPerSecond)
      if (control.measureEvery !== undefined) every = control.measureEvery
    }
  }

  const spins = sim.spins()
  ctx.artifact('lattice', spins, { L })
  const m = sim.magnetization() / N
  const { T, B, J } = sim.model
  return {
    sweeps: sweep,
    e: sim.energy() / N,
    m,
    absM: Math.abs(m),
    T,
    B,
    J,
    measurements: measured,
    runMeanE: measured ? sumE / measured : null,
    runMeanM: measured ? sumM / measured : null,
    runMeanAbsM: measured ? sumAbsM / measured : null
  }
}

/** What a live run holds: its lattice and the copies shown and kept; its measurements go out as they come. */
export function isingLiveMemory(p: Pick<IsingLiveParams, 'L'>): MemoryTerms {
  return { lattice: simBytes(p.L, 'metropolis') + latticeCopiesBytes(p.L) }
}
