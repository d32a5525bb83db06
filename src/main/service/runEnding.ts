// The end of a job, as stored and as announced: the store may turn `done` into `failed` (the
// run could not store all it computed), and when even the final status cannot be written the
// run is announced `failed` with that reason — the UI and the CLI are never told `done` for a
// run the database does not hold whole.

import type { FinalStatus } from '../store/runStore'
import type { StoreClient } from '../store/storeClient'
import type { TaskOutcome } from '../jobs/pool'

export interface RunEnding {
  status: FinalStatus
  error?: string
  result?: Record<string, unknown>
}

export async function recordEnding(store: StoreClient, runId: number, end: TaskOutcome): Promise<RunEnding> {
  const asked =
    end.status === 'done' ? { status: 'done' as const, result: end.result } : end.status === 'failed' ? { status: 'failed' as const, error: end.error } : { status: 'cancelled' as const }
  try {
    const stored = await store.finishRun(runId, asked)
    if (stored.status === 'done') return { status: 'done', result: end.status === 'done' ? end.result : undefined }
    const status = stored.status === 'running' ? 'failed' : stored.status // never: the store just ended it
    return { status, ...(stored.error !== null ? { error: stored.error } : {}) }
  } catch (e) {
    console.error(`[lab] run ${runId} could not be stored as ended:`, e)
    return { status: 'failed', error: `The run could not be stored as ended: ${e instanceof Error ? e.message : String(e)}` }
  }
}
