// The panels of the side navigation, in order. A panel is listed only when it works.
// Adding one: import the component and add one entry.

import type { Component } from 'svelte'
import IsingPanel from './IsingPanel.svelte'
import RunsPanel from './RunsPanel.svelte'

export interface PanelDef {
  id: string
  title: string
  hint: string
  component: Component
}

export const panels: PanelDef[] = [
  { id: 'ising', title: 'Ising', hint: 'Live 2D Ising lattice', component: IsingPanel },
  { id: 'runs', title: 'Runs', hint: 'Stored runs: curves, lattices, export', component: RunsPanel }
]
