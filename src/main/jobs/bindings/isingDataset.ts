import { isingDataset } from '../../../shared/kinds/isingDataset'
import { isingDatasetMemory, runIsingDataset } from '../../../engine/ising/dataset'
import { defineBinding } from '../binding'

export const isingDatasetBinding = defineBinding(isingDataset, { run: runIsingDataset, memory: isingDatasetMemory })
