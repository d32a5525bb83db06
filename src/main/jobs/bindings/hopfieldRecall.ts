import { hopfieldRecall } from '../../../shared/kinds/hopfield'
import { runHopfieldRecall } from '../../../engine/hopfield/recallJob'
import { defineBinding } from '../binding'

export const hopfieldRecallBinding = defineBinding(hopfieldRecall, { run: runHopfieldRecall })
