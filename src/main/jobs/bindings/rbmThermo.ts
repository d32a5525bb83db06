import { rbmThermo } from '../../../shared/kinds/rbmThermo'
import { runRbmThermodynamics } from '../../../engine/rbm/thermoJob'
import { defineBinding } from '../binding'
import { rbmThermoMemory } from '../../../engine/rbm/memory'
import { datasetValues, decodedDataset, loadIsingDataset } from '../rbmInputs'

export const rbmThermoBinding = defineBinding(rbmThermo, {
  prepare: async (p, store) => ({ dataset: p.source === 'exact' ? undefined : await loadIsingDataset(store, p.source.runId, p.temperatures) }),
  memory: (p, init) => ({
    ...rbmThermoMemory({ ...p, temperatures: p.temperatures.length }),
    ...(init.dataset ? { 'stored configurations': 2 * datasetValues(init.dataset) } : {})
  }),
  run: (p, ctx, init) => runRbmThermodynamics(p, ctx, { isingDataset: decodedDataset(init.dataset) })
})
