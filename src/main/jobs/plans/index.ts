import type { CompositePlan } from '../composite'
import { isingSweepPlan } from './isingSweep'
import type { IsingSweepParams } from '../../../shared/kinds/isingSweep'

/** Kinds whose job is many pool tasks; every other kind is one task. */
export const compositePlans: Record<string, (params: never, seed: number) => CompositePlan> = {
  'ising.sweep': (p: IsingSweepParams, seed) => isingSweepPlan(p, seed)
}
