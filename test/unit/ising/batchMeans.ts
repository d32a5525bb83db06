// Batch means: split a correlated Markov-chain series into equal consecutive batches; when a
// batch is much longer than the autocorrelation time the batch averages are nearly
// independent, and their scatter gives the standard error of the overall mean.

export interface BatchEstimate {
  mean: number
  stderr: number
  batches: number
}

export function batchMeans(series: ArrayLike<number>, batches = 64): BatchEstimate {
  const size = Math.floor(series.length / batches)
  if (size < 1) throw new Error(`need at least ${batches} samples (got ${series.length})`)
  const means = new Float64Array(batches)
  for (let b = 0; b < batches; b++) {
    let s = 0
    for (let k = b * size; k < (b + 1) * size; k++) s += series[k]
    means[b] = s / size
  }
  let mean = 0
  for (const m of means) mean += m
  mean /= batches
  let v = 0
  for (const m of means) v += (m - mean) ** 2
  v /= batches - 1
  return { mean, stderr: Math.sqrt(v / batches), batches }
}
