// What a run is doing now. The store says 'running' for the whole life of a job (a paused run
// is still a running one there); the service knows whether it is paused or waiting for a worker.

import type { JobState, RunStatus } from '../../shared/primitives'

export function liveStatus(stored: RunStatus, live: JobState | undefined): RunStatus | JobState {
  return stored === 'running' && live !== undefined ? live : stored
}
