// A job tab's part of the workspace (workspace.svelte.ts): its form as typed and the run it
// showed last; and the form filled with a run's params when one is opened from Runs or
// reattached after a reload (a reopened last run leaves the form as the user left it).

import { z } from 'zod'
import type { KindName, KindParams } from '../../shared/kinds'
import type { JobSession } from './jobSession.svelte'
import { workspace } from './workspace.svelte'

const LastRun = z.number().int().positive().nullable()

export function jobTab<F extends z.ZodRawShape, K extends KindName>(
  key: string,
  what: string,
  fields: z.ZodObject<F>,
  /** The form: every field of `fields` is one of its properties (the compiler checks). */
  form: { [P in keyof z.infer<z.ZodObject<F>>]: unknown },
  job: JobSession<K>,
  fromParams: (p: KindParams<K>) => void
): void {
  const target = form as unknown as Record<string, unknown>
  const names = Object.keys(fields.shape)
  workspace.part({
    key,
    version: 1,
    what,
    schema: z.object({ form: fields, lastRun: LastRun }),
    save: () => ({ form: Object.fromEntries(names.map((k) => [k, target[k]])) as z.infer<typeof fields>, lastRun: job.runId }),
    restore: (v) => {
      Object.assign(target, v.form)
      job.remember(v.lastRun)
    }
  })
  job.onTake((_d, p, how) => {
    if (p && how !== 'reopen') fromParams(p)
  })
}
