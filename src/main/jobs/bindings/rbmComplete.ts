import { LabError } from '../../../shared/errors'
import { rbmComplete } from '../../../shared/kinds/rbm'
import { runRbmCompletion } from '../../../engine/rbm/completionJob'
import { checkRows } from '../../../engine/rbm/validate'
import { defineBinding } from '../binding'
import { rbmChainsMemory } from '../../../engine/rbm/memory'
import { loadTrainedMachine, rbmRows, trainedMachineShape } from '../rbmInputs'

export const rbmCompleteBinding = defineBinding(rbmComplete, {
  prepare: async (p, store) => {
    const t = await loadTrainedMachine(store, p.machine.runId)
    if (p.values) {
      // a drawn digit: the machine's shape and units, checked before the run exists
      try {
        checkRows({ n: 1, nv: p.values.length, V: Float32Array.from(p.values) }, t.visible.units, 'digit to complete', { nv: t.visible.nv })
      } catch (e) {
        throw new LabError('invalid', e instanceof Error ? e.message : String(e))
      }
    } else if (p.item >= t.items) throw new LabError('invalid', `item must be from 0 to ${t.items - 1}: the machine #${p.machine.runId} has ${t.items} test items`)
    return t
  },
  memory: (p, init) => rbmChainsMemory({ ...trainedMachineShape(init), chains: p.chains }),
  run: (p, ctx, init) => runRbmCompletion(p, ctx, { machine: init.machine, rows: p.values ? undefined : rbmRows(init, 'test') })
})
