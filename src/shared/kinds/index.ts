import type { KindSpec, SpecControl, SpecInput, SpecParams, SpecResult } from './define'
import { isingLive } from './ising'
import { isingSweep } from './isingSweep'
import { isingHysteresis } from './isingHysteresis'
import { isingDataset } from './isingDataset'
import { hopfieldCapacity, hopfieldRecall } from './hopfield'
import { networkTrain } from './network'
import { cnnTrain } from './cnn'
import { autoencoderTrain } from './autoencoder'

/**
 * Every job kind the lab knows, by name. Adding a kind: its file in this folder, one line
 * here, and its binding in main (src/main/jobs/bindings); see docs/ARCHITECTURE.md.
 */
export const jobKinds = {
  [isingLive.kind]: isingLive,
  [isingSweep.kind]: isingSweep,
  [isingHysteresis.kind]: isingHysteresis,
  [isingDataset.kind]: isingDataset,
  [hopfieldRecall.kind]: hopfieldRecall,
  [hopfieldCapacity.kind]: hopfieldCapacity,
  [networkTrain.kind]: networkTrain,
  [cnnTrain.kind]: cnnTrain,
  [autoencoderTrain.kind]: autoencoderTrain
} as const satisfies Record<string, KindSpec>

export type KindName = keyof typeof jobKinds
export type KindSpecOf<K extends KindName> = (typeof jobKinds)[K]
/** The params as the engine gets them (defaults filled in). @public */
export type KindParams<K extends KindName> = SpecParams<KindSpecOf<K>>
/** The params as a caller may send them (defaults optional). */
export type KindInput<K extends KindName> = SpecInput<KindSpecOf<K>>
/** @public */
export type KindControl<K extends KindName> = SpecControl<KindSpecOf<K>>
/** @public */
export type KindResult<K extends KindName> = SpecResult<KindSpecOf<K>>

export function isKindName(name: string): name is KindName {
  return Object.prototype.hasOwnProperty.call(jobKinds, name)
}

export const kindNames: readonly KindName[] = Object.keys(jobKinds).filter(isKindName)

export type { KindSpec } from './define'
