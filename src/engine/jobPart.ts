// One part of a job seen as a job of its own: a loop written for a whole job (the training
// loop) runs as one stage of a longer one — the training before an AIS estimate, one machine of
// a thermodynamics run — with its progress mapped into the part's share of the whole, its
// metric rows moved to the part's steps (or kept out of the run), and, when the part needs
// streams apart from its siblings', a generator of its own.

import type { JobContext } from './job'
import type { Rng } from './rng'

export interface PartOptions {
  /** The part's share of the job's progress: its 0 → `from`, its 1 → `to`. */
  from: number
  to: number
  /** Put before the part's progress notes, e.g. "T = 2.269". */
  note?: string
  /** Added to the steps of the part's metric rows; null keeps its rows out of the run. */
  stepOffset?: number | null
  /** The part's generator (its forks are the part's streams); default the job's. */
  rng?: Rng
}

export function jobPart<C>(ctx: JobContext<C>, o: PartOptions): JobContext<C> {
  const offset = o.stepOffset === undefined ? 0 : o.stepOffset
  return {
    seed: ctx.seed,
    rng: o.rng ?? ctx.rng,
    emit: (step, row) => {
      if (offset !== null) ctx.emit(step + offset, row)
    },
    frame: (data, meta) => ctx.frame(data, meta),
    frameDue: () => ctx.frameDue(),
    progress: (f, note) => ctx.progress(o.from + (o.to - o.from) * f, o.note && note ? `${o.note}: ${note}` : (note ?? o.note)),
    checkpoint: () => ctx.checkpoint(),
    throttle: (u) => ctx.throttle(u),
    artifact: (name, data, meta) => ctx.artifact(name, data, meta),
    log: (m) => ctx.log(m)
  }
}
