// What the views of stored runs (the Runs panel) share: load the run's data when the view
// opens, again when it is shown another run (or the run changes), and every few seconds while
// the run is still running, since its rows keep coming.

import { untrack } from 'svelte'
import { call } from './lab'
import { errors } from './errors.svelte'
import { rowsFromSeries, type JobRow } from './jobRows'

/** How often a view of a running run reloads (ms). */
export const RELOAD_MS = 2000

/**
 * Run `load` now, again whenever what `deps` reads changes, and every `everyMs` while
 * `running()` holds. Call it from a component's script: it creates the component's effects.
 */
export function reloadWhileRunning(deps: () => unknown, running: () => boolean, load: () => Promise<void>, everyMs = RELOAD_MS): void {
  $effect(() => {
    deps()
    untrack(() => void load())
  })
  $effect(() => {
    if (!running()) return
    const timer = setInterval(() => void load(), everyMs)
    return () => clearInterval(timer)
  })
}

/**
 * The metric rows of a stored batch run (a sweep, a hysteresis loop, a dataset), as its view
 * shows them: `revision` is bumped on every load. A failed load is reported as `what(runId)`.
 */
export function storedRows(
  runId: () => number,
  status: () => string,
  what: (runId: number) => string
): { readonly rows: JobRow[]; readonly revision: number } {
  let rows = $state.raw<JobRow[]>([])
  let revision = $state(0)

  async function load(): Promise<void> {
    try {
      rows = rowsFromSeries(await call('runs.series', { runId: runId() }))
      revision++
    } catch (e) {
      errors.report(e, what(runId()))
    }
  }

  reloadWhileRunning(
    () => [runId(), status()],
    () => status() === 'running',
    load
  )
  return {
    get rows() {
      return rows
    },
    get revision() {
      return revision
    }
  }
}
