// Kind-specific views of a stored run, shown by the Runs panel instead of the generic
// step-curves (e.g. a sweep's observables against T with error bars). Each view takes
// { runId: number; detail: RunDetail } and loads what else it needs itself.
// Adding one: import the component and add `'<kind>': Component` below.

import type { Component } from 'svelte'
import type { RunDetail } from '../../shared/types'
import SweepRunView from './ising/SweepRunView.svelte'
import HysteresisRunView from './ising/HysteresisRunView.svelte'
import DatasetRunView from './ising/DatasetRunView.svelte'
import NetworkRunView from './network/NetworkRunView.svelte'
import IdxDatasetRunView from './network/DatasetRunView.svelte'
import RecallRunView from './hopfield/RecallRunView.svelte'
import CapacityRunView from './hopfield/CapacityRunView.svelte'
import CnnRunView from './cnn/CnnRunView.svelte'

export interface RunViewProps {
  runId: number
  detail: RunDetail
}

export const runViews: Record<string, Component<RunViewProps>> = {
  'ising.sweep': SweepRunView,
  'ising.hysteresis': HysteresisRunView,
  'ising.dataset': DatasetRunView,
  'network.train': NetworkRunView,
  'dataset.idx': IdxDatasetRunView,
  'hopfield.recall': RecallRunView,
  'hopfield.capacity': CapacityRunView,
  'cnn.train': CnnRunView
}
