// Every job kind's binding, by kind: the type says a kind of src/shared/kinds without a
// binding here does not compile. Adding a kind: its binding file and one line below.

import type { KindName } from '../../../shared/kinds'
import type { Binding } from '../binding'
import type { TaskRunners } from '../host'
import { isingLiveBinding } from './isingLive'
import { isingSweepBinding } from './isingSweep'
import { isingHysteresisBinding } from './isingHysteresis'
import { isingDatasetBinding } from './isingDataset'
import { hopfieldRecallBinding } from './hopfieldRecall'
import { hopfieldCapacityBinding } from './hopfieldCapacity'
import { networkTrainBinding } from './networkTrain'
import { cnnTrainBinding } from './cnnTrain'
import { autoencoderTrainBinding } from './autoencoderTrain'

export const bindings: { readonly [K in KindName]: Binding<K> } = {
  [isingLiveBinding.kind]: isingLiveBinding,
  [isingSweepBinding.kind]: isingSweepBinding,
  [isingHysteresisBinding.kind]: isingHysteresisBinding,
  [isingDatasetBinding.kind]: isingDatasetBinding,
  [hopfieldRecallBinding.kind]: hopfieldRecallBinding,
  [hopfieldCapacityBinding.kind]: hopfieldCapacityBinding,
  [networkTrainBinding.kind]: networkTrainBinding,
  [cnnTrainBinding.kind]: cnnTrainBinding,
  [autoencoderTrainBinding.kind]: autoencoderTrainBinding
}

/** What a worker thread runs, by task name: every kind's engine function and every plan's tasks. */
export const taskRunners: TaskRunners = Object.fromEntries(Object.values(bindings).flatMap((b) => Object.entries(b.runners)))
