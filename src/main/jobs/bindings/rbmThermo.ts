import { rbmThermo } from '../../../shared/kinds/rbmThermo'
import { runRbmThermodynamics } from '../../../engine/rbm/thermoJob'
import { defineBinding } from '../binding'
import { decodedDataset, loadIsingDataset } from '../rbmInputs'

export const rbmThermoBinding = defineBinding(rbmThermo, {
  prepare: async (p, store) => ({ dataset: p.source === 'exact' ? undefined : await loadIsingDataset(store, p.source.runId, p.temperatures) }),
  run: (p, ctx, init) => runRbmThermodynamics(p, ctx, { isingDataset: decodedDataset(init.dataset) })
})
