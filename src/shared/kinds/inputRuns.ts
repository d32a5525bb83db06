// The stored runs a run's params read (KindSpec.inputRuns), for bundles: an export takes them
// along, so a training's image set or the run it continued comes with it, and an import gives
// each its new id in the params of the runs that read it.

import { isKindName, jobKinds, type KindSpec } from './index'

type Renumber = (params: Record<string, unknown>, to: (runId: number) => number) => Record<string, unknown>

function renumberOf(kind: string): Renumber | undefined {
  if (!isKindName(kind)) return undefined
  const spec: KindSpec = jobKinds[kind]
  return spec.inputRuns as Renumber | undefined
}

/** The ids of the stored runs these params of a `kind` run read. */
export function inputRunIds(kind: string, params: Record<string, unknown>): number[] {
  const ids: number[] = []
  renumberOf(kind)?.(params, (id) => (ids.push(id), id))
  return ids
}

/** The params with each run they read renumbered by `to`. */
export function renumberInputRuns(kind: string, params: Record<string, unknown>, to: (runId: number) => number): Record<string, unknown> {
  return renumberOf(kind)?.(params, to) ?? params
}
