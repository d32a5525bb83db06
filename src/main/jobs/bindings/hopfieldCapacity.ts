import { hopfieldCapacity } from '../../../shared/kinds/hopfield'
import { runHopfieldCapacity } from '../../../engine/hopfield/capacityJob'
import { defineBinding } from '../binding'

export const hopfieldCapacityBinding = defineBinding(hopfieldCapacity, { run: runHopfieldCapacity })
