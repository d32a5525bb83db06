import type { KindSpec } from './define'
import { isingLive } from './ising'
import { isingSweep } from './isingSweep'
import { isingHysteresis } from './isingHysteresis'
import { isingDataset } from './isingDataset'
import { hopfieldCapacity, hopfieldRecall } from './hopfield'
import { networkTrain } from './network'
import { cnnTrain } from './cnn'

/** Every job kind the lab knows. Adding a kind: its spec here, its engine function in main. */
export const jobKinds: Record<string, KindSpec> = {
  [isingLive.kind]: isingLive,
  [isingSweep.kind]: isingSweep,
  [isingHysteresis.kind]: isingHysteresis,
  [isingDataset.kind]: isingDataset,
  [hopfieldRecall.kind]: hopfieldRecall,
  [hopfieldCapacity.kind]: hopfieldCapacity,
  [networkTrain.kind]: networkTrain,
  [cnnTrain.kind]: cnnTrain
}

export type { KindSpec } from './define'
