import { LabError } from '../../../shared/errors'
import { rbmComplete } from '../../../shared/kinds/rbm'
import { runRbmCompletion } from '../../../engine/rbm/completionJob'
import { defineBinding } from '../binding'
import { loadTrainedMachine, rbmRows } from '../rbmInputs'

export const rbmCompleteBinding = defineBinding(rbmComplete, {
  prepare: async (p, store) => {
    const t = await loadTrainedMachine(store, p.machine.runId)
    if (p.item >= t.items) throw new LabError('invalid', `item must be from 0 to ${t.items - 1}: the machine #${p.machine.runId} has ${t.items} test items`)
    return t
  },
  run: (p, ctx, init) => runRbmCompletion(p, ctx, { machine: init.machine, rows: rbmRows(init, 'test') })
})
