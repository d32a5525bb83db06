// The Hopfield panel's capacity experiment: its settings (N, the range of loads α = p/N, trials,
// probes, rules), their check against the kind's schema and budget, and the experiment itself
// as a kept JobSession of the capacity kind (progress, stop, budget confirmation, reattach after
// a reload) whose rows are the curves, one per α.

import { hopfieldCapacity, hopfieldCapacityParams, type HopfieldCapacityParams } from '../../shared/kinds/hopfield'
import type { KindInput } from '../../shared/kinds'
import type { Rule } from './hopfieldCapacity'
import { JobSession } from './jobSession.svelte'
import { RowSink } from './rowSink.svelte'
import { seedOrProblem } from './seed'

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
  problems = $state<string[]>([])
  readonly job = new JobSession(hopfieldCapacity.kind, { rows: new RowSink() })

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

  /** Problems with the experiment's settings, and its cost against the kind's budget. */
  check(): { problems: string[]; cost: number | null; params: HopfieldCapacityParams | null } {
    const problems: string[] = []
    if (this.from > this.to) problems.push('The α range must go from a smaller to a larger load.')
    const parsed = hopfieldCapacityParams.safeParse(this.params())
    if (!parsed.success) problems.push(...new Set(parsed.error.issues.map((i) => i.message)))
    const params = parsed.success ? parsed.data : null
    return { problems, cost: params && hopfieldCapacity.cost ? hopfieldCapacity.cost(params) : null, params }
  }

  async start(): Promise<void> {
    if (this.job.active) return
    const { problems } = this.check()
    const seed = seedOrProblem(this.seedText, problems)
    this.problems = problems
    if (problems.length) return
    const params = this.params()
    // Work beyond the kind's budget comes back as a question (job.pendingConfirm), not an error.
    await this.job.start(params, {
      seed,
      name: `Capacity N = ${params.N}, α ${this.from}–${this.to}, ${this.rules.join(' + ')}`
    })
  }
}
