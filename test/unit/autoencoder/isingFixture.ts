// A small real Ising dataset for the autoencoder tests: L = 10, eleven temperatures over
// 1.5–3.5, 80 decorrelated configurations each (Wolff, symmetrized), made by the lab's own
// 'ising.dataset' engine and read back through its format check — under a second.

import { localContext } from '../../../src/engine/localContext'
import { runIsingDataset, type DatasetParams } from '../../../src/engine/ising/dataset'
import { decodeIsingDataset, type IsingDataset } from '../../../src/engine/ising/datasetFormat'

export const SMALL_ISING: DatasetParams = {
  L: 10,
  range: { Tmin: 1.5, Tmax: 3.5, points: 11 },
  samples: 80,
  J: 1,
  B: 0,
  algorithm: 'wolff',
  start: 'auto',
  equilibrationSweeps: 200,
  pilotSweeps: 500,
  maxSpacing: 50
}

let cached: IsingDataset | null = null

export function smallIsingDataset(): IsingDataset {
  if (cached) return cached
  const { ctx, record } = localContext(1)
  runIsingDataset(SMALL_ISING, ctx)
  cached = decodeIsingDataset(record.artifacts)
  return cached
}
