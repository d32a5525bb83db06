import { rbmDream } from '../../../shared/kinds/rbm'
import { runRbmDream } from '../../../engine/rbm/dreamJob'
import { defineBinding } from '../binding'
import { loadTrainedMachine, rbmRows } from '../rbmInputs'

export const rbmDreamBinding = defineBinding(rbmDream, {
  prepare: (p, store) => loadTrainedMachine(store, p.machine.runId),
  run: (p, ctx, init) => runRbmDream(p, ctx, { machine: init.machine, rows: p.start === 'data' ? rbmRows(init, 'val') : undefined })
})
