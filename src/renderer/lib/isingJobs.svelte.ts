// The batch jobs of the Ising panel's tabs (sweep, hysteresis, dataset) and the open tab.
// Module level, like the live session: switching tabs or panels keeps a running job and its
// view; after a reload each session reattaches to its kind's running job.

import { JobSession } from './jobSession.svelte'
import { RowSink } from './rowSink.svelte'
import { FrameSink, type FrameSinkOptions } from './frameSink.svelte'
import { isingSweep } from '../../shared/kinds/isingSweep'
import { isingHysteresis } from '../../shared/kinds/isingHysteresis'
import { isingDataset } from '../../shared/kinds/isingDataset'
import { DATASET_LABELS, HYSTERESIS_LABELS, SWEEP_LABELS } from './isingForms.svelte'

/** The key of a sweep point, the same for its frames and its row. */
export const pointKey = (L: number, T: number): string => `${L}/${T.toFixed(4)}`

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN)

/** A lattice not refreshed for this long belongs to a part that has finished. */
const FRAME_STALE_MS = 4000

/** A batch job's rows kept whole, and the lattices of the parts under way. */
const batchSinks = (frames: FrameSinkOptions = {}) => ({ rows: new RowSink(), frames: new FrameSink({ staleMs: FRAME_STALE_MS, ...frames }) })

export const sweepJob = new JobSession(
  isingSweep.kind,
  batchSinks({
    key: (meta) => pointKey(num(meta.L), num(meta.T)),
    closes: (row) => pointKey(row.L, row.T),
    max: 4
  }),
  { labels: SWEEP_LABELS }
)

export const hysteresisJob = new JobSession(isingHysteresis.kind, batchSinks(), { labels: HYSTERESIS_LABELS })

export const datasetJob = new JobSession(isingDataset.kind, batchSinks(), { labels: DATASET_LABELS })

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
