// Kind-specific views of a stored run, shown by the Runs panel instead of the generic
// step-curves (e.g. a sweep's observables against T with error bars). Each view takes
// { runId: number; detail: RunDetail } and loads what else it needs itself.
// Adding one: import the component and add `'<kind>': Component` below.

import type { Component } from 'svelte'
import type { RunDetail } from '../../shared/types'

export interface RunViewProps {
  runId: number
  detail: RunDetail
}

export const runViews: Record<string, Component<RunViewProps>> = {}
