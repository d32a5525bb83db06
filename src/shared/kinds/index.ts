import type { KindSpec } from './define'
import { isingLive } from './ising'
import { isingSweep } from './isingSweep'

/** Every job kind the lab knows. Adding a kind: its spec here, its engine function in main. */
export const jobKinds: Record<string, KindSpec> = {
  [isingLive.kind]: isingLive,
  [isingSweep.kind]: isingSweep
}

export type { KindSpec } from './define'
