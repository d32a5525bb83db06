// Kind-specific views of a stored run, shown by the Runs panel instead of the generic
// step-curves (e.g. a sweep's observables against T with error bars). Each view takes
// { runId: number; detail: RunDetail } and loads what else it needs itself.
// Adding one: import the component and add `[<spec>.kind]: { component: Component }` below,
// with `ownExports: true` when the view has its own export buttons (the Runs panel then hides
// its generic Export CSV / JSON, so there is one set), `ownContinue: true` when it has its own
// "train further".

import type { Component } from 'svelte'
import type { RunDetail } from '../../shared/types'
import { isingSweep } from '../../shared/kinds/isingSweep'
import { isingHysteresis } from '../../shared/kinds/isingHysteresis'
import { isingDataset } from '../../shared/kinds/isingDataset'
import { hopfieldCapacity, hopfieldRecall } from '../../shared/kinds/hopfield'
import { networkTrain } from '../../shared/kinds/network'
import { cnnTrain } from '../../shared/kinds/cnn'
import { importedDataset } from '../../shared/kinds/importedDataset'
import { rbmComplete, rbmDream, rbmTrain } from '../../shared/kinds/rbm'
import { rbmThermo } from '../../shared/kinds/rbmThermo'
import { rbmMovies } from '../../shared/kinds/rbmMovies'
import { autoencoderTrain } from '../../shared/kinds/autoencoder'
import SweepRunView from './ising/SweepRunView.svelte'
import HysteresisRunView from './ising/HysteresisRunView.svelte'
import DatasetRunView from './ising/DatasetRunView.svelte'
import NetworkRunView from './network/NetworkRunView.svelte'
import IdxDatasetRunView from './network/DatasetRunView.svelte'
import RecallRunView from './hopfield/RecallRunView.svelte'
import CapacityRunView from './hopfield/CapacityRunView.svelte'
import CnnRunView from './cnn/CnnRunView.svelte'
import RbmTrainRunView from './rbm/TrainRunView.svelte'
import RbmDreamRunView from './rbm/DreamRunView.svelte'
import RbmCompleteRunView from './rbm/CompleteRunView.svelte'
import RbmThermoRunView from './rbm/ThermoRunView.svelte'
import RbmMoviesRunView from './rbm/MoviesRunView.svelte'
import AutoencoderRunView from './autoencoder/AutoencoderRunView.svelte'

export interface RunViewProps {
  runId: number
  detail: RunDetail
}

export interface RunView {
  component: Component<RunViewProps>
  /** The view exports the run itself (CSV and JSON buttons of its own). */
  ownExports?: boolean
  /** The view has its own "train further" (Runs then shows no Continue training of its own). */
  ownContinue?: boolean
}

/** By run kind: a job kind, or an imported dataset. */
export const runViews: Record<string, RunView> = {
  [isingSweep.kind]: { component: SweepRunView, ownExports: true },
  [isingHysteresis.kind]: { component: HysteresisRunView, ownExports: true },
  [isingDataset.kind]: { component: DatasetRunView, ownExports: true },
  [networkTrain.kind]: { component: NetworkRunView, ownContinue: true },
  [importedDataset.kind]: { component: IdxDatasetRunView },
  [hopfieldRecall.kind]: { component: RecallRunView },
  [hopfieldCapacity.kind]: { component: CapacityRunView },
  [cnnTrain.kind]: { component: CnnRunView },
  [rbmTrain.kind]: { component: RbmTrainRunView },
  [rbmDream.kind]: { component: RbmDreamRunView },
  [rbmComplete.kind]: { component: RbmCompleteRunView },
  [rbmThermo.kind]: { component: RbmThermoRunView },
  [rbmMovies.kind]: { component: RbmMoviesRunView },
  [autoencoderTrain.kind]: { component: AutoencoderRunView }
}
