import type { KindSpec } from './define'
import { isingLive } from './ising'

/** Every job kind the lab knows. Adding a kind: its spec here, its engine function in main. */
export const jobKinds: Record<string, KindSpec> = {
  [isingLive.kind]: isingLive
}

export type { KindSpec } from './define'
