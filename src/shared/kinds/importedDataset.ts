import { z } from 'zod'
import type { StoredKind } from './define'

// An IDX image set imported by 'datasets.import' (MNIST's own file format, e.g. Fashion-MNIST).
// It is a run of its own, kept, that network.train and cnn.train may name as their dataset;
// it is never a job: no params schema, no engine function.

const count = z.number().int().min(0)

export const importedDatasetResult = z
  .object({
    count,
    rows: count,
    cols: count,
    classes: count,
    /** Images per class. */
    classCounts: z.array(count)
  })
  .strict()

export type ImportedDatasetResult = z.output<typeof importedDatasetResult>

export const importedDataset = {
  kind: 'dataset.idx',
  title: 'Imported image dataset',
  result: importedDatasetResult,
  artifacts: [
    { name: 'images', description: 'the pixels, Uint8 0..255, count × rows × cols row-major' },
    { name: 'labels', description: 'the class of each image, Uint8' }
  ]
} as const satisfies StoredKind
