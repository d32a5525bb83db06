// Which engine function runs each job kind. The kinds' specs (params schemas, series) live
// in src/shared/kinds; this table binds them to engine code, and only the worker imports it.
// Some entries are the tasks of a composite job (src/main/jobs/plans), not kinds of their own.

import type { EngineKinds } from './host'
import { runIsingLive } from '../../engine/ising/live'
import { runSweepPoint, type SweepPointParams } from '../../engine/ising/sweepPoint'

export const engineKinds: EngineKinds = {
  'ising.live': runIsingLive,
  /** One (L, T) point of an 'ising.sweep'; init.lattice is the carried lattice. */
  'ising.point': (p: SweepPointParams, ctx, init) =>
    runSweepPoint({ ...p, initial: (init as { lattice?: Int8Array } | undefined)?.lattice }, ctx)
}
