import { rbmDream } from '../../../shared/kinds/rbm'
import { runRbmDream } from '../../../engine/rbm/dreamJob'
import { defineBinding } from '../binding'
import { rbmChainsMemory } from '../../../engine/rbm/memory'
import { loadTrainedMachine, rbmRows, trainedMachineShape } from '../rbmInputs'

export const rbmDreamBinding = defineBinding(rbmDream, {
  prepare: (p, store) => loadTrainedMachine(store, p.machine.runId),
  memory: (p, init) => rbmChainsMemory({ ...trainedMachineShape(init), chains: p.chains }),
  run: (p, ctx, init) => runRbmDream(p, ctx, { machine: init.machine, rows: p.start === 'data' ? rbmRows(init, 'val') : undefined })
})
