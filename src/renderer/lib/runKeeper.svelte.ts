// Keeping a scratch run (a live lattice, a recall): it is deleted at the service's next start
// unless kept, and a kept run can be renamed. What the Keep button and its name field show.

import type { RunDetail } from '../../shared/types'
import { errors } from './errors.svelte'
import { call } from './lab'

export class RunKeeper {
  kept = $state<{ id: number; name: string } | null>(null)
  /** The name field (optional). */
  name = $state('')
  busy = $state(false)

  /** `context`: what a failure is reported as. */
  constructor(private readonly context: string) {}

  /** What the button does: keep, rename (the name field differs from the kept name), or nothing (kept). */
  get state(): 'keep' | 'rename' | 'kept' {
    const name = this.name.trim()
    return !this.kept ? 'keep' : name && name !== this.kept.name ? 'rename' : 'kept'
  }

  /** Keep run `runId` under the name typed (or its own); once kept, rename it. */
  async save(runId: number | null): Promise<void> {
    if (runId === null || this.busy) return
    const name = this.name.trim()
    if (this.kept && (!name || name === this.kept.name)) return
    this.busy = true
    try {
      const run = this.kept ? await call('runs.rename', { runId: this.kept.id, name }) : await call('runs.keep', name ? { runId, name } : { runId })
      this.kept = { id: run.id, name: run.name }
      this.name = run.name
    } catch (e) {
      errors.report(e, this.kept ? `Rename the kept run #${this.kept.id}` : this.context)
    } finally {
      this.busy = false
    }
  }

  /** A run taken up from the store: kept already or not. */
  show(detail: RunDetail): void {
    this.kept = detail.kept ? { id: detail.id, name: detail.name } : null
    this.name = ''
  }

  clear(): void {
    this.kept = null
    this.name = ''
  }
}
