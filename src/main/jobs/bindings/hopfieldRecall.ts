import { hopfieldRecall } from '../../../shared/kinds/hopfield'
import { hopfieldRecallMemory, runHopfieldRecall } from '../../../engine/hopfield/recallJob'
import { defineBinding } from '../binding'

export const hopfieldRecallBinding = defineBinding(hopfieldRecall, { run: runHopfieldRecall, memory: hopfieldRecallMemory })
