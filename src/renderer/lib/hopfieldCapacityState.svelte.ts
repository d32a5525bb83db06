// The Hopfield panel's capacity experiment: its settings (N, the range of loads α = p/N, trials,
// probes, rules), their check against the kind's schema and budget, and the experiment itself
// as a kept JobSession of the capacity kind (progress, stop, budget confirmation, reattach after
// a reload) whose rows are the curves, one per α.

import { hopfieldCapacity, hopfieldCapacityParams, type HopfieldCapacityParams } from '../../shared/kinds/hopfield'
import type { KindInput } from '../../shared/kinds'
import type { Rule } from './hopfieldCapacity'
import { JobSession } from './jobSession.svelte'
import { RowSink } from './rowSink.svelte'
import { parseSeed } from './seed'
import { allIssues, fieldIssues, formIssues, type FieldIssues, type FieldLabels } from './formIssues'
import { z } from 'zod'

/** The experiment's params as the Capacity tab labels them. */
const CAPACITY_LABELS = {
  N: 'Neurons N',
  alphas: 'Loads α',
  'alphas.from': 'α from',
  'alphas.to': 'α to',
  'alphas.points': 'Loads',
  trials: 'Trials per load',
  corruption: 'Corruption %',
  rules: 'Learning rules',
  probes: 'Probes per trial',
  maxSweeps: 'Max passes',
  density: 'Density',
  seed: 'Seed'
} satisfies FieldLabels
/** The corruption as the form has it, a percentage. */
const CorruptionPercent = z.number().min(0).max(100)

export class CapacityState {
  N = $state(400)
  from = $state(0.02)
  to = $state(0.3)
  points = $state(15)
  trials = $state(10)
  corruptionPct = $state(10)
  rules = $state<Rule[]>(['hebbian'])
  probes = $state(10)
  maxSweeps = $state(30)
  density = $state(0.5)
  seedText = $state('')
  readonly job = new JobSession(hopfieldCapacity.kind, { rows: new RowSink() }, { labels: CAPACITY_LABELS })

  params(): KindInput<typeof hopfieldCapacity.kind> {
    return {
      N: this.N,
      alphas: { from: this.from, to: this.to, points: this.points },
      trials: this.trials,
      corruption: this.corruptionPct / 100,
      rules: [...this.rules],
      probes: this.probes,
      maxSweeps: this.maxSweeps,
      density: this.density
    }
  }

  /**
   * Problems with the experiment's settings by params path, in the form's words, and its cost
   * against the kind's budget — all from the values as they are now.
   */
  check(): { issues: FieldIssues; problems: string[]; cost: number | null; params: HopfieldCapacityParams | null } {
    const { data, issues } = formIssues(hopfieldCapacityParams, this.params(), CAPACITY_LABELS)
    const out: FieldIssues = { ...issues }
    // The percentage is the form's; the schema sees its fraction.
    if (out.corruption) out.corruption = fieldIssues(CorruptionPercent, this.corruptionPct, CAPACITY_LABELS.corruption)
    if (this.from > this.to) (out['alphas.to'] ??= []).push(`α to must be at least α from (${this.from})`)
    try {
      parseSeed(this.seedText)
    } catch (e) {
      out.seed = [e instanceof Error ? e.message : String(e)]
    }
    const problems = allIssues(out)
    const params = problems.length === 0 ? data : null
    return { issues: out, problems, cost: params && hopfieldCapacity.cost ? hopfieldCapacity.cost(params) : null, params }
  }

  async start(): Promise<void> {
    if (this.job.active) return
    const { params } = this.check()
    if (!params) return
    // Work beyond the kind's budget comes back as a question (job.pendingConfirm), not an error.
    await this.job.start(this.params(), {
      seed: parseSeed(this.seedText),
      name: `Capacity N = ${params.N}, α ${this.from}–${this.to}, ${this.rules.join(' + ')}`
    })
  }
}
