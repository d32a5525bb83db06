import { z } from 'zod'

/**
 * A job kind as every process sees it: its name, what it is, and the zod schemas of its
 * params and of the live control updates it accepts. The engine function that runs it is
 * bound in main (src/main/jobs/engineKinds.ts): the renderer never sees engine code.
 */
export interface KindSpec<P extends z.ZodType = z.ZodType, C extends z.ZodType = z.ZodType> {
  kind: string
  title: string
  summary: string
  params: P
  control: C
  /**
   * Spin-flip attempts (or the kind's own unit of work) the params ask for, when the kind
   * has a budget: work beyond `budget` is refused unless the request says `confirm: true`.
   */
  cost?: (params: z.output<P>) => number
  budget?: number
  /** Which metric series the run emits, for charts and export headers. */
  series: readonly string[]
}

export function defineKind<P extends z.ZodType, C extends z.ZodType>(spec: KindSpec<P, C>): KindSpec<P, C> {
  return spec
}

export const noControl = z.object({}).strict()
