// What the training loop (loop.ts) needs from a model and from its data. A model is anything
// with trainable arrays and a gradient: a dense network (Eqs. 42–47), a CNN, an autoencoder,
// a two-class logistic model. Data is anything that writes rows of inputs and targets: images
// with one-hot labels, or configurations whose target is the configuration itself.

/** A batch of n rows. Buffers hold up to `rows` rows and are reused from batch to batch. */
export interface Batch {
  rows: number
  n: number
  /** n rows of model inputs. */
  x: Float32Array
  /** n rows of targets: one-hot classes, or the clean inputs of a reconstruction. */
  t: Float32Array
  /** The class of each row, for models that count right answers (left as is otherwise). */
  labels: Uint8Array
}

export interface TrainingData {
  readonly inputSize: number
  readonly targetSize: number
  /** Write items indices[start..start+n) as rows 0..n−1 of the batch (sets batch.n). */
  fill(indices: ArrayLike<number>, start: number, n: number, batch: Batch): void
}

export function createBatch(data: TrainingData, rows: number): Batch {
  return { rows, n: 0, x: new Float32Array(rows * data.inputSize), t: new Float32Array(rows * data.targetSize), labels: new Uint8Array(rows) }
}

export interface TrainableModel {
  /**
   * The per-sample quantities the model reports, e.g. ['loss', 'accuracy'] or
   * ['loss', 'reconstruction', 'kl']. The first is the loss that training minimises. Each
   * becomes the columns train<Name> and val<Name> of the metric rows and test<Name> in the result.
   */
  readonly metrics: readonly string[]
  /** The trainable arrays in a fixed order, their gradients in the same order, and which are weights (weight decay). */
  readonly params: Float32Array[]
  readonly grads: Float32Array[]
  readonly isWeight: boolean[]
  /** Rows per evaluation pass (a batch given to measure() has at most this many). */
  readonly evalRows: number
  /**
   * false: gradient() measures nothing (its sums and return value are ignored) and the metrics
   * come from measure() on the validation rows alone — a Boltzmann machine, whose objective has
   * no cheap value on a batch. The loop then writes no train<Name> columns and watches the
   * validation loss for divergence. Default true.
   */
  readonly batchMetrics?: boolean
  /**
   * Forward and backward on a training batch: fills `grads` and adds each metric, summed over
   * the batch rows, into sums[k]. Returns the batch's mean loss.
   */
  gradient(batch: Batch, sums: Float64Array): number
  /** Forward only: adds each metric summed over the rows into sums[k]; returns the output rows. */
  measure(batch: Batch, sums: Float64Array): Float32Array
  /** One array per layer (or block), the form kept as the run's weight artifacts. */
  exportWeights(): Float32Array[]
  /** The inverse of exportWeights(); a clear error when the shapes do not fit. */
  importWeights(weights: Float32Array[]): void
}

/** 'loss' → 'valLoss' */
export const metricColumn = (prefix: 'train' | 'val' | 'test', metric: string): string => prefix + metric[0].toUpperCase() + metric.slice(1)
