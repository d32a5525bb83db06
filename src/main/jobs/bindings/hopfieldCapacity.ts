import { hopfieldCapacity } from '../../../shared/kinds/hopfield'
import { hopfieldCapacityMemory, runHopfieldCapacity } from '../../../engine/hopfield/capacityJob'
import { defineBinding } from '../binding'

export const hopfieldCapacityBinding = defineBinding(hopfieldCapacity, { run: runHopfieldCapacity, memory: hopfieldCapacityMemory })
