// The classification side of training, shared by the dense and CNN jobs: labelled images as
// training data (pixels scaled, labels one-hot), the metrics a classifier reports, and the
// test-set read-outs kept with the run (confusion matrix, misclassified items).

import { fillBatch } from '../data/batch'
import type { LabeledImages } from '../data/images'
import type { JobContext } from '../job'
import { argmaxRow, confusionMatrix } from '../nn/metrics'
import { evaluateSet } from './evaluate'
import { type TrainableModel, type TrainingData } from './model'

/** A classifier reports its loss and the fraction classified right. */
export const CLASSIFIER_METRICS = ['loss', 'accuracy'] as const

export interface ImageData extends TrainingData {
  readonly images: LabeledImages
}

/** Pixels × scale as inputs, one-hot labels as targets (and the labels themselves). */
export function labeledImageData(images: LabeledImages, scale: number): ImageData {
  return {
    images,
    inputSize: images.rows * images.cols,
    targetSize: images.classes,
    fill(indices, start, n, batch) {
      fillBatch(images, indices, start, n, scale, batch.x, batch.t, batch.labels)
      batch.n = n
    }
  }
}

export interface Classification {
  /** Mean of each of the model's metrics. */
  means: Float64Array
  /** Predicted and true class of each item, in the order of the indices. */
  predicted: Uint8Array
  truth: Uint8Array
}

/** The model's metrics over items `indices`, and its predicted class (the argmax of its output) for each. */
export function classify(model: TrainableModel, data: ImageData, indices: ArrayLike<number>): Classification {
  const K = data.images.classes
  const predicted = new Uint8Array(indices.length)
  const truth = new Uint8Array(indices.length)
  const means = evaluateSet(model, data, indices, (y, batch, start) => {
    for (let r = 0; r < batch.n; r++) {
      predicted[start + r] = argmaxRow(y, r, K)
      truth[start + r] = batch.labels[r]
    }
  })
  return { means, predicted, truth }
}

/**
 * The test read-outs: test<Metric> in the result, the confusion matrix as an artifact and, with
 * `misclassified`, the wrongly classified items (dataset index, true class, predicted class)
 * and the matrix in the result too.
 */
/** What a classifier's run reports of its test split (nothing without one). */
export interface TestReport {
  testLoss?: number
  testAccuracy?: number
  /** Rows = true class, columns = predicted class (with `misclassified`). */
  confusion?: number[][]
  misclassifiedCount?: number
}

export function reportTest(
  model: TrainableModel,
  data: ImageData,
  test: ArrayLike<number>,
  ctx: Pick<JobContext, 'artifact'>,
  misclassified: boolean
): TestReport {
  if (test.length === 0) return {}
  const K = data.images.classes
  const ev = classify(model, data, test)
  const confusion = confusionMatrix(ev.truth, ev.predicted, K)
  ctx.artifact('confusion', confusion, { rows: K, cols: K, axes: 'row = true class, column = predicted class' })
  const report: TestReport = {
    testLoss: ev.means[model.metrics.indexOf('loss')],
    testAccuracy: ev.means[model.metrics.indexOf('accuracy')]
  }
  if (!misclassified) return report
  const wrong: number[] = []
  for (let i = 0; i < ev.truth.length; i++) if (ev.truth[i] !== ev.predicted[i]) wrong.push(test[i], ev.truth[i], ev.predicted[i])
  ctx.artifact('misclassified', Int32Array.from(wrong), { columns: ['datasetIndex', 'trueClass', 'predictedClass'], count: wrong.length / 3, of: test.length })
  const rows: number[][] = []
  for (let r = 0; r < K; r++) rows.push(Array.from(confusion.subarray(r * K, (r + 1) * K)))
  return { ...report, confusion: rows, misclassifiedCount: wrong.length / 3 }
}
