// How a training run ended, in words: a run stopped by the user ("Stop and keep", "Finish
// now") is `done` — its weights are whole and usable, its curves complete up to where it
// stopped — so the status stays `done` (one status set for the store, the Runs filters and
// the CLI) and its result says how far it got (stoppedByUser, epochsRun, steps). This reads it.

/** "stopped by you after 2 of 4 epochs", or null when the run went to its end (or is no training). */
export function stoppedEarly(result: Record<string, unknown> | null | undefined, params: Record<string, unknown> | null | undefined): string | null {
  if (!result || result.stoppedByUser !== true) return null
  const done = typeof result.epochsRun === 'number' ? result.epochsRun : null
  const planned = typeof params?.epochs === 'number' ? params.epochs : null
  if (done === null) return 'stopped by you'
  return `stopped by you after ${done}${planned !== null ? ` of ${planned}` : ''} ${(planned ?? done) === 1 ? 'epoch' : 'epochs'}`
}
