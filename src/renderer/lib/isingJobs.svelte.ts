// The batch jobs of the Ising panel's tabs (sweep, hysteresis, dataset) and the open tab.
// Module level, like the live session: switching tabs or panels keeps a running job and its
// view; after a reload each session reattaches to its kind's running job.

import { JobSession } from './jobSession.svelte'
import { isingSweep } from '../../shared/kinds/isingSweep'
import { isingHysteresis } from '../../shared/kinds/isingHysteresis'
import { isingDataset } from '../../shared/kinds/isingDataset'

/** The key of a sweep point, the same for its frames and its row. */
export const pointKey = (L: number, T: number): string => `${L}/${T.toFixed(4)}`

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN)

export const sweepJob = new JobSession(isingSweep.kind, {
  frameKey: (meta) => pointKey(num(meta.L), num(meta.T)),
  rowKey: (row) => pointKey(row.L, row.T),
  maxFrames: 4
})

export const hysteresisJob = new JobSession(isingHysteresis.kind)

export const datasetJob = new JobSession(isingDataset.kind)

export type IsingTab = 'live' | 'sweep' | 'meanfield' | 'hysteresis' | 'datasets'

class TabState {
  current = $state<IsingTab>('live')
}

export const isingTab = new TabState()

export function initIsingJobs(): void {
  sweepJob.init()
  hysteresisJob.init()
  datasetJob.init()
}
