// The panels of the side navigation, in order. A panel is listed only when it works.
// Adding one: import the component and add one entry; `reads` names the run kinds it takes as
// input (the Datasets tab says which panels read its datasets from this list).

import type { Component } from 'svelte'
import IsingPanel from './IsingPanel.svelte'
import RunsPanel from './RunsPanel.svelte'
import NetworkPanel from './NetworkPanel.svelte'
import CnnPanel from './CnnPanel.svelte'
import HopfieldPanel from './HopfieldPanel.svelte'
import AutoencoderPanel from './AutoencoderPanel.svelte'

export interface PanelDef {
  id: string
  title: string
  hint: string
  component: Component
  /** Kinds of stored runs the panel reads as its input (e.g. 'ising.dataset'). */
  reads?: readonly string[]
}

export const panels: PanelDef[] = [
  { id: 'ising', title: 'Ising', hint: 'Live lattice, temperature sweeps, mean field, hysteresis, datasets (Sec. III)', component: IsingPanel },
  { id: 'hopfield', title: 'Hopfield', hint: 'Draw, store, corrupt and recall patterns; weights; capacity (Sec. II)', component: HopfieldPanel },
  { id: 'network', title: 'Network', hint: 'Feedforward network on MNIST: build, train, diagnose, draw (Sec. V)', component: NetworkPanel },
  { id: 'cnn', title: 'CNN', hint: 'Convolution, hand-made filters, training and feature maps (Sec. VI)', component: CnnPanel },
  { id: 'autoencoder', title: 'Autoencoder', hint: 'Bottlenecks, Fig. 14’s one-neuron phase transition, denoising, anomalies, VAE and β-VAE (Sec. VII)', component: AutoencoderPanel, reads: ['ising.dataset'] },
  { id: 'runs', title: 'Runs', hint: 'Stored runs: curves, lattices, export', component: RunsPanel }
]

/** The titles of the panels that read runs of `kind`, in navigation order. */
export function panelsReading(kind: string): string[] {
  return panels.filter((p) => p.reads?.includes(kind)).map((p) => p.title)
}
