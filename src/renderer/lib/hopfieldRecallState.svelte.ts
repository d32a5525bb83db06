// The Hopfield panel's recall: its settings (rule, dynamics, T, passes, seed), the check of a
// recall against the kind's schema and budget, and the last recall — a scratch
// recall run (a JobSession) whose stored trajectory the panel replays, kept on request.

import { hopfieldRecall, hopfieldRecallParams, hopfieldDynamics } from '../../shared/kinds/hopfield'
import type { KindInput } from '../../shared/kinds'
import { corruptionSteps } from './hopfieldGrid'
import type { HopfieldGridState } from './hopfieldGridState.svelte'
import type { PatternLibraryState } from './hopfieldLibraryState.svelte'
import type { Rule } from './hopfieldCapacity'
import type { RecallRecord } from './hopfieldReplay'
import { defaultSpeed } from './hopfieldReplayPlayer'
import { loadRecallRecord } from './hopfieldRuns'
import { errors } from './errors.svelte'
import { JobSession } from './jobSession.svelte'
import { RunKeeper } from './runKeeper.svelte'
import { parseSeed } from './seed'
import { allIssues, formIssues, type FieldIssues, type FieldLabels } from './formIssues'

/** The recall's params as the panel labels them. */
const RECALL_LABELS: FieldLabels = {
  width: 'Grid width',
  height: 'Grid height',
  patterns: 'The library',
  T: 'Temperature T',
  maxSweeps: 'Max passes',
  input: 'The input grid',
  corruption: 'The corruption',
  seed: 'Seed'
}

export type Dynamics = (typeof hopfieldDynamics)[number]

export class RecallState {
  rule = $state<Rule>('hebbian')
  dynamics = $state<Dynamics>('async-random')
  T = $state(0.5)
  maxSweeps = $state(20)
  seedText = $state('')
  /** Recall was pressed: the problems are shown from then on (always those of the settings as they are now). */
  attempted = $state(false)
  /** A recall is under way: from Recall until its replay is loaded. */
  recalling = $state(false)
  record = $state.raw<RecallRecord | null>(null)
  /** Bumped by each new recall: the replay starts playing from the input. */
  autoplay = $state(0)
  /** Where the replay was, so coming back to the panel does not restart it. */
  replayT = 0
  speed = $state(2)
  speedChosen = false
  readonly keeper = new RunKeeper('Keep the recall')
  /** A recall takes milliseconds: nothing to reattach to after a reload. */
  readonly job = new JobSession(hopfieldRecall.kind, {}, { reattach: false, startContext: 'Recall', labels: RECALL_LABELS })

  constructor(
    private readonly grid: HopfieldGridState,
    private readonly library: PatternLibraryState
  ) {}

  get phase(): 'idle' | 'starting' | 'ready' {
    return this.recalling ? 'starting' : this.record ? 'ready' : 'idle'
  }

  params(): KindInput<typeof hopfieldRecall.kind> {
    const { grid } = this
    return {
      width: grid.width,
      height: grid.height,
      // Bytes, not JSON numbers: a full library is 16 MiB that the service reads without parsing.
      patterns: this.library.patterns.map((p) => Int8Array.from(p.data)),
      rule: this.rule,
      dynamics: this.dynamics,
      T: this.T,
      thresholds: 0,
      input: { from: 'state', state: Array.from(grid.probe.base) },
      corruption: corruptionSteps(grid.probe),
      maxSweeps: this.maxSweeps,
      stateStride: 0,
      matchOverlap: 1,
      maxUpdatesPerSecond: 0
    }
  }

  /** Problems that stop a recall, by params path, in the form's words (the service checks the same schema). */
  issues(): FieldIssues {
    const { data, issues } = formIssues(hopfieldRecallParams, this.params(), RECALL_LABELS)
    const out: FieldIssues = { ...issues }
    try {
      parseSeed(this.seedText)
    } catch (e) {
      out.seed = [e instanceof Error ? e.message : String(e)]
    }
    const cost = data ? (hopfieldRecall.cost?.(data) ?? 0) : 0
    const budget = hopfieldRecall.budget ?? Infinity
    if (cost > budget)
      out.maxSweeps = [`This recall could take ${cost.toExponential(1)} multiply–adds (budget ${budget.toExponential(0)}): lower Max passes (a recall settles in a few).`]
    return out
  }

  /** Every problem that stops a recall, once Recall was pressed. */
  get recallProblems(): string[] {
    return this.attempted ? allIssues(this.issues()) : []
  }

  async recall(): Promise<void> {
    if (this.recalling) return
    this.attempted = true
    if (this.recallProblems.length) return
    const seed = parseSeed(this.seedText)
    const { grid } = this
    const p = this.library.patterns.length
    const { flipped, blanked } = grid.counts
    const name =
      `Recall ${grid.width}×${grid.height}, ${p} pattern${p === 1 ? '' : 's'}, ${this.rule}` +
      (flipped || blanked ? `, ${[flipped ? `${flipped} flipped` : '', blanked ? `${blanked} blanked` : ''].filter(Boolean).join(', ')}` : '')
    this.recalling = true
    this.keeper.clear()
    try {
      if (!(await this.job.start(this.params(), { seed, name, keep: false }))) return
      await this.job.settled()
      const runId = this.job.runId
      // A failed recall is reported by the session.
      if (runId === null || this.job.endStatus !== 'done') return
      const record = await loadRecallRecord(runId)
      if (!this.speedChosen) this.speed = defaultSpeed(record.N)
      this.record = record
      this.replayT = 0
      this.autoplay++
    } catch (e) {
      errors.report(e, 'Recall')
    } finally {
      this.recalling = false
    }
  }

  /** Drop the shown recall (it belongs to another grid); the run itself stays as it was. */
  forget(): void {
    if (this.recalling) return
    this.record = null
    this.job.close()
    this.keeper.clear()
    this.replayT = 0
  }

  setSpeed(s: number): void {
    this.speed = s
    this.speedChosen = true
  }

  keep(): Promise<void> {
    return this.keeper.save(this.job.runId)
  }
}
