// Which engine function runs each job kind. The kinds' specs (params schemas, series) live
// in src/shared/kinds; this table binds them to engine code, and only the worker imports it.
// Some entries are the tasks of a composite job (src/main/jobs/plans), not kinds of their own.
// `init` is what main prepared for the task (src/main/service/inits.ts): a carried lattice,
// an imported dataset, stored weights.

import type { EngineKinds } from './host'
import type { LabeledImages } from '../../engine/data/images'
import { runIsingLive } from '../../engine/ising/live'
import { runSweepPoint, type SweepPointParams } from '../../engine/ising/sweepPoint'
import { runIsingHysteresis } from '../../engine/ising/hysteresis'
import { runReplicaExchange } from '../../engine/ising/replicaExchange'
import { runIsingDataset } from '../../engine/ising/dataset'
import { runHopfieldRecall } from '../../engine/hopfield/recallJob'
import { runHopfieldCapacity } from '../../engine/hopfield/capacityJob'
import { runNetworkTraining } from '../../engine/nn/trainJob'
import { runCnnTraining } from '../../engine/cnn/cnnTrainJob'
import { bundledDigits } from './bundledData'

interface TrainInit {
  dataset?: LabeledImages
  weights?: Float32Array[]
}

const withData = (init: unknown): TrainInit & { dataset: LabeledImages } => {
  const i = (init ?? {}) as TrainInit
  return { ...i, dataset: i.dataset ?? bundledDigits() }
}

export const engineKinds: EngineKinds = {
  'ising.live': runIsingLive,
  /** One (L, T) point of an 'ising.sweep'; init.lattice is the carried lattice. */
  'ising.point': (p: SweepPointParams, ctx, init) =>
    runSweepPoint({ ...p, initial: (init as { lattice?: Int8Array } | undefined)?.lattice }, ctx),
  /** All temperatures of one L of an 'ising.sweep' with replica exchange. */
  'ising.replicas': runReplicaExchange,
  'ising.hysteresis': runIsingHysteresis,
  'ising.dataset': runIsingDataset,
  'hopfield.recall': runHopfieldRecall,
  'hopfield.capacity': runHopfieldCapacity,
  'network.train': (p, ctx, init) => runNetworkTraining(p, ctx, withData(init)),
  'cnn.train': (p, ctx, init) => runCnnTraining(p, ctx, withData(init))
}
