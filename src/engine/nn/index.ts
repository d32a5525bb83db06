// Public surface of the feedforward-network engine (Sec. V). Hosts bind
// runNetworkTraining to the 'network.train' job kind; other models (CNN, Boltzmann machine,
// autoencoder) build on the layers, losses, optimisers and schedules.

export * from './activations'
export * from './dense'
export * from './init'
export * from './loss'
export * from './metrics'
export * from './network'
export * from './optimizer'
export * from './trainer'
export * from './trainJob'
export type { NetworkTrainControl, NetworkTrainParams } from './types'
