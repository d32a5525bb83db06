// The panels of the side navigation, in order. A panel is listed only when it works.
// Adding one: import the component and add one entry.

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
}

export const panels: PanelDef[] = [
  { id: 'ising', title: 'Ising', hint: 'Live lattice, temperature sweeps, mean field, hysteresis, datasets (Sec. III)', component: IsingPanel },
  { id: 'hopfield', title: 'Hopfield', hint: 'Draw, store, corrupt and recall patterns; weights; capacity (Sec. II)', component: HopfieldPanel },
  { id: 'network', title: 'Network', hint: 'Feedforward network on MNIST: build, train, diagnose, draw (Sec. V)', component: NetworkPanel },
  { id: 'cnn', title: 'CNN', hint: 'Convolution, hand-made filters, training and feature maps (Sec. VI)', component: CnnPanel },
  { id: 'autoencoder', title: 'Autoencoder', hint: 'Bottlenecks, Fig. 14’s one-neuron phase transition, denoising, anomalies, VAE and β-VAE (Sec. VII)', component: AutoencoderPanel },
  { id: 'runs', title: 'Runs', hint: 'Stored runs: curves, lattices, export', component: RunsPanel }
]
