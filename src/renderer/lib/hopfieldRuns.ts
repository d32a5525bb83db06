// Loading a stored Hopfield recall back from the run store: its artifacts become a
// RecallRecord the replay animates (the panel right after a recall, the Runs panel later).

import { call } from './lab'
import { parseRecallResult, recordFromArtifacts, type RecallRecord } from './hopfieldReplay'
import type { RunDetail } from '../../shared/types'

const NEEDED = ['patterns', 'input', 'trajectory', 'states'] as const

/** Everything needed to replay run `runId` (throws a clear Error when something is missing). */
export async function loadRecallRecord(runId: number, detail?: RunDetail): Promise<RecallRecord> {
  const d = detail ?? (await call('runs.get', { runId }))
  const result = parseRecallResult(d.result)
  if (!result) throw new Error(`run #${runId} has no recall result (status ${d.status})`)
  const missing = NEEDED.filter((n) => !d.artifacts.some((a) => a.name === n))
  if (missing.length) throw new Error(`run #${runId} lacks the artifact${missing.length > 1 ? 's' : ''} ${missing.join(', ')} needed to replay it`)
  const artifact = (name: string) => call('runs.artifact', { runId, name })
  const [patterns, input, trajectory, states, energy] = await Promise.all([
    artifact('patterns'),
    artifact('input'),
    artifact('trajectory'),
    artifact('states'),
    // The job measures E at step 0, before any update: the first point of its energy series.
    call('runs.series', { runId, names: ['energy'], maxPoints: 2 })
  ])
  const E0 = energy.steps.length > 0 && energy.steps[0] === 0 && energy.values.energy ? energy.values.energy[0] : undefined
  const art = (x: typeof patterns) => ({ data: x.data, meta: x.info.meta })
  return recordFromArtifacts(
    { patterns: art(patterns), input: art(input), trajectory: art(trajectory), states: art(states) },
    d.params,
    result,
    E0
  )
}
