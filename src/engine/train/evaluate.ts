// Mean metrics of a model over a set of items, without training (validation, test).

import { createBatch, type Batch, type TrainableModel, type TrainingData } from './model'

/**
 * Mean of each of the model's metrics over dataset items `indices`, in passes of at most
 * model.evalRows rows. `visit` sees every pass's output rows (e.g. to collect predictions).
 */
export function evaluateSet(
  model: TrainableModel,
  data: TrainingData,
  indices: ArrayLike<number>,
  visit?: (output: Float32Array, batch: Batch, start: number) => void,
  batch: Batch = createBatch(data, Math.min(model.evalRows, Math.max(1, indices.length)))
): Float64Array {
  const sums = new Float64Array(model.metrics.length)
  for (let s = 0; s < indices.length; s += batch.rows) {
    const n = Math.min(batch.rows, indices.length - s)
    data.fill(indices, s, n, batch)
    const y = model.measure(batch, sums)
    visit?.(y, batch, s)
  }
  const count = Math.max(1, indices.length)
  return sums.map((v) => v / count)
}
