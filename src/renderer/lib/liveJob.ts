// Small rules of the job session (jobSession.svelte.ts): when a run is over, which running job
// to reattach to after a reload and in which phase, and how a user's action on a run is guarded.

import type { ActiveJob } from '../../shared/types'
import { errors } from './errors.svelte'

/** The run will do nothing more. */
export const isEnded = (status: string): boolean => status === 'done' || status === 'failed' || status === 'cancelled' || status === 'interrupted'

/** The job to reattach to: the newest of those the service still runs (`jobs` not empty). */
export const newestJob = (jobs: ActiveJob[]): ActiveJob => jobs.reduce((a, b) => (b.runId > a.runId ? b : a))

/** A running job's phase as a session shows it (a queued one counts as running). */
export const phaseOf = (job: ActiveJob): 'running' | 'paused' => (job.state === 'paused' ? 'paused' : 'running')

/** Run a user's action with `session.busy` set meanwhile (its buttons wait); a failure is reported under `context`. */
export async function whileBusy(session: { busy: boolean }, context: string, action: () => Promise<void>): Promise<void> {
  session.busy = true
  try {
    await action()
  } catch (e) {
    errors.report(e, context)
  } finally {
    session.busy = false
  }
}
