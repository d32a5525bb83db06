import { z } from 'zod'
import { RunName } from '../primitives'
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

/** How the two files came: their size as sent and whether they were gzipped. */
const fileInfo = z.object({ bytes: count, gzip: z.boolean() }).strict()

export const importedDatasetParams = z.object({ name: RunName, files: z.object({ images: fileInfo, labels: fileInfo }).strict() }).strict()

export type ImportedDatasetResult = z.output<typeof importedDatasetResult>

export const importedDataset = {
  kind: 'dataset.idx',
  title: 'Imported image dataset',
  params: importedDatasetParams,
  result: importedDatasetResult,
  artifacts: [
    { name: 'images', description: 'the pixels, Uint8 0..255, count × rows × cols row-major' },
    { name: 'labels', description: 'the class of each image, Uint8' }
  ]
} as const satisfies StoredKind
