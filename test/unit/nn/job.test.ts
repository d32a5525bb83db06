// The 'network.train' job function end to end on (parts of) the bundled digits: metrics,
// artifacts, determinism, the paper appendix's dying ReLUs, divergence, stop / cancel /
// live control, and training further from stored weights.

import { beforeAll, describe, expect, it } from 'vitest'
import { JobCancelled, type JobContext } from '../../../src/engine/job'
import { localContext } from '../../../src/engine/localContext'
import type { LabeledImages } from '../../../src/engine/data/images'
import { splitDataset, type Split } from '../../../src/engine/data/split'
import { runNetworkTraining, weightArtifactName } from '../../../src/engine/nn/trainJob'
import { createNetwork, importWeights } from '../../../src/engine/nn/network'
import { evaluate } from '../../../src/engine/nn/trainer'
import { createRng } from '../../../src/engine/rng'
import type { NetworkTrainControl, NetworkTrainParams } from '../../../src/engine/nn/types'
import { networkPresets, networkTrainParams, type NetworkTrainInput } from '../../../src/shared/kinds/network'
import { bundledDigits } from '../../helpers/bundledDigits'

let ds: LabeledImages
let full: Split
/** A smaller split of the same fixed shuffle: 2,000 / 300 / 300. */
let small: Split

// compile-time: the schema's output is what the engine reads
const parse = (p: NetworkTrainInput): NetworkTrainParams => networkTrainParams.parse(p)

function run(p: NetworkTrainInput, seed = 1, opts: { controls?: (Partial<NetworkTrainControl> | 'stop' | null)[]; weights?: Float32Array[]; split?: Split } = {}) {
  const { ctx, record } = localContext<NetworkTrainControl>(seed, { controls: opts.controls })
  const result = runNetworkTraining(parse(p), ctx, { dataset: ds, split: opts.split ?? small, weights: opts.weights })
  return { result, record }
}

/** A run's weights in layer order, read from its artifacts as main does for resumeFrom. */
function storedWeights(record: ReturnType<typeof run>['record'], layers: number): Float32Array[] {
  return Array.from({ length: layers }, (_, l) => Float32Array.from(record.artifacts.get(weightArtifactName(l + 1))!.data))
}

const quick: NetworkTrainInput = { layers: [784, 32, 10], optimizer: 'momentum', lr: 0.05, epochs: 1, batchSize: 50, evalEvery: 10 }

describe('runNetworkTraining', () => {
  beforeAll(() => {
    ds = bundledDigits()
    full = splitDataset(ds.count)
    small = { train: full.train.slice(0, 2000), val: full.val.slice(0, 300), test: full.test.slice(0, 300) }
  })

  it('emits losses and accuracies every evalEvery batches and per epoch, and learns', () => {
    const { result, record } = run(quick)
    // 2000 / 50 = 40 batches: rows at steps 10, 20, 30 and the epoch end 40
    expect(record.steps).toEqual([10, 20, 30, 40])
    for (const row of record.rows) for (const k of ['trainLoss', 'valLoss', 'valAccuracy', 'trainAccuracy', 'lr', 'deadFraction1']) expect(row[k], k).toBeTypeOf('number')
    expect(record.rows[3].valLoss).toBeLessThan(record.rows[0].valLoss)
    expect(record.rows[3].valAccuracy).toBeGreaterThan(0.75)
    expect(result.testAccuracy as number).toBeGreaterThan(0.75)
    expect(record.progress).toBe(1)
  })

  it('stores weights per layer, the confusion matrix and the misclassified test items consistently', () => {
    const { result, record } = run(quick)
    const w1 = record.artifacts.get('weights.1')!
    const w2 = record.artifacts.get('weights.2')!
    expect(w1.data.length).toBe(784 * 32 + 32)
    expect(w2.data.length).toBe(32 * 10 + 10)
    expect(w1.meta).toMatchObject({ shapeW: [32, 784], shapeB: [32], bias: true, activation: 'relu' })
    expect((w1.meta!.architecture as { layers: number[] }).layers).toEqual([784, 32, 10])
    const conf = record.artifacts.get('confusion')!.data as Int32Array
    expect(conf.length).toBe(100)
    let total = 0
    let trace = 0
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) {
      total += conf[i * 10 + j]
      if (i === j) trace += conf[i * 10 + j]
    }
    expect(total).toBe(300)
    expect(trace / 300).toBeCloseTo(result.testAccuracy as number, 12)
    const wrong = record.artifacts.get('misclassified')!.data as Int32Array
    expect(wrong.length / 3).toBe(300 - trace)
    for (let i = 0; i < wrong.length; i += 3) {
      expect(small.test).toContain(wrong[i])
      expect(ds.labels[wrong[i]]).toBe(wrong[i + 1])
      expect(wrong[i + 2]).not.toBe(wrong[i + 1])
    }
    expect((result.confusion as number[][])[3].reduce((a, b) => a + b, 0)).toBe(Array.from(small.test).filter((i) => ds.labels[i] === 3).length)
  })

  it('the same seed gives bit-identical weights after an epoch (with augmentation); another seed does not', () => {
    const p: NetworkTrainInput = { ...quick, augmentation: { shift: 2, rotation: 10, zoom: 0.1, noise: 0.05 }, evalEvery: 0 }
    const a = run(p, 11).record.artifacts
    const b = run(p, 11).record.artifacts
    const c = run(p, 12).record.artifacts
    for (const name of ['weights.1', 'weights.2']) {
      expect(Buffer.from((a.get(name)!.data as Float32Array).buffer).equals(Buffer.from((b.get(name)!.data as Float32Array).buffer))).toBe(true)
      expect(Buffer.from((a.get(name)!.data as Float32Array).buffer).equals(Buffer.from((c.get(name)!.data as Float32Array).buffer))).toBe(false)
    }
  })

  it('the paper appendix as printed dies: every output ReLU goes to zero, the loss sits at 0.1, and the log names it', () => {
    const preset = networkPresets.find((p) => p.id === 'paper-appendix')!
    const { result, record } = run({ ...preset.params, epochs: 1, evalEvery: 10 })
    expect(result.diagnosis).toBe('dead-output')
    expect(record.logs.some((l) => /Dying ReLU at the output/.test(l) && /unscaled 0–255 inputs/.test(l))).toBe(true)
    const last = record.rows[record.rows.length - 1]
    expect(last.deadFraction2).toBe(1)
    // all outputs 0 against one-hot targets: L = (1/10)·1 exactly (Eq. 39), on every batch
    expect(last.trainLoss).toBeCloseTo(0.1, 6)
    expect(last.valLoss).toBeCloseTo(0.1, 6)
    expect(record.rows[0].trainLoss).toBeGreaterThan(1000) // the overshoot that killed it
  })

  it('a variant that trains: scaled inputs + He init', () => {
    const preset = networkPresets.find((p) => p.id === 'paper-appendix-he')!
    const { result, record } = run({ ...preset.params, epochs: 1 }, 1, { split: full })
    expect(result.diagnosis).toBeNull()
    expect(record.rows[record.rows.length - 1].deadFraction2).toBeLessThan(1)
    expect(result.testAccuracy as number).toBeGreaterThan(0.7)
  })

  it('divergence throws an Error that names the likely cause', () => {
    expect(() => run({ layers: [784, 32, 10], hiddenActivation: 'tanh', outputActivation: 'linear', loss: 'mse', inputScaling: 'raw', init: 'randn', optimizer: 'sgd', lr: 1, epochs: 1 })).toThrow(
      /training diverged.*learning rate lr=1 is too large.*unscaled 0–255 pixels/
    )
  })

  it("'stop' ends the run normally after the batches done; a control sets the learning rate", () => {
    const { result, record } = run({ ...quick, evalEvery: 1 }, 1, { controls: [{ lr: 0.01 }, null, 'stop'] })
    expect(result.stoppedByUser).toBe(true)
    expect(result.steps).toBe(2)
    expect(record.rows[0].lr).toBe(0.01)
    expect(record.artifacts.has('weights.1')).toBe(true)
  })

  it('cancellation (JobCancelled from checkpoint) propagates', () => {
    const { ctx } = localContext<NetworkTrainControl>(1)
    let calls = 0
    const cancelling: JobContext<NetworkTrainControl> = {
      ...ctx,
      checkpoint: () => {
        if (++calls === 3) throw new JobCancelled()
        return null
      }
    }
    expect(() => runNetworkTraining(parse(quick), cancelling, { dataset: ds, split: small })).toThrow(JobCancelled)
  })

  it('trains further from stored weights (resumeFrom), refusing weights of another shape', () => {
    const first = run(quick)
    const weights = storedWeights(first.record, 2)
    // stopped before its first batch, the resumed run ends with exactly the weights it got
    const resumed = run(quick, 99, { weights, controls: ['stop'] })
    expect(Array.from(resumed.record.artifacts.get('weights.2')!.data)).toEqual(Array.from(first.record.artifacts.get('weights.2')!.data))
    expect(resumed.result.testAccuracy).toBe(first.result.testAccuracy)
    const cont = run({ ...quick, resumeFrom: { runId: 1 } }, 5, { weights })
    expect(cont.record.rows[0].valAccuracy).toBeGreaterThan(0.75) // starts trained
    expect(() => run({ ...quick, layers: [784, 16, 10] }, 1, { weights })).toThrow(/layer 1 have 25120 values, a 784→16 layer with bias needs 12560/)
  })

  it('full-batch gradient descent (batch = training set) takes one step per epoch; the schedule sets lr per epoch', () => {
    const { record } = run({ ...quick, batchSize: 2000, epochs: 3, lr: 0.4, schedule: { type: 'exponential', gamma: 0.5 } })
    expect(record.steps).toEqual([1, 2, 3])
    expect(record.rows.map((r) => r.lr)).toEqual([0.4, 0.2, 0.1])
    const sgd1 = run({ ...quick, batchSize: 1, evalEvery: 1 }, 1, { controls: [null, null, null, 'stop'] })
    expect(sgd1.record.steps).toEqual([1, 2, 3]) // stochastic GD: one sample per step
  })

  it('with batch 1, dead units are judged over 64 samples, not one (half the ReLUs are zero on any one digit)', () => {
    const controls: (null | 'stop')[] = [...new Array<null>(128).fill(null), 'stop']
    const { record } = run({ ...quick, optimizer: 'sgd', batchSize: 1, evalEvery: 0, lr: 0.01 }, 1, { controls })
    const last = record.rows[record.rows.length - 1]
    expect(last.deadFraction1).toBeLessThan(0.3)
    expect(record.logs.filter((l) => /Dead ReLUs|Dying ReLU/.test(l))).toEqual([])
  })

  it('early stopping: overfitting a tiny training set stops the run and restores the best weights', () => {
    const tiny: Split = { train: full.train.slice(0, 40), val: full.val.slice(0, 300), test: full.test.slice(0, 300) }
    const { result, record } = run({ layers: [784, 64, 10], optimizer: 'adam', lr: 0.01, batchSize: 10, epochs: 60, evalEvery: 0, earlyStoppingPatience: 3 }, 1, { split: tiny })
    expect(result.stoppedEarly).toBe(true)
    const epochs = result.epochsRun as number
    expect(epochs).toBeLessThan(60)
    const val = record.rows.map((r) => r.valLoss)
    const best = result.bestEpoch as number
    expect(Math.min(...val)).toBe(val[best - 1])
    expect(epochs - best).toBe(3) // patience
    expect(record.logs.some((l) => /Early stopping after epoch/.test(l))).toBe(true)
    // the stored weights are those of the best epoch: their validation loss is the minimum
    const net = createNetwork({ sizes: [784, 64, 10], hiddenActivation: 'relu', outputActivation: 'softmax', bias: true }, 'he', createRng(0))
    importWeights(net, storedWeights(record, 2))
    expect(evaluate(net, 'crossEntropy', ds, tiny.val, 1 / 255).loss).toBeCloseTo(val[best - 1], 9)
    expect(val[epochs - 1]).toBeGreaterThan(val[best - 1])
  })

  it('refuses a dataset that does not fit the layers, and a missing dataset', () => {
    const tiny = { count: 4, rows: 2, cols: 2, classes: 2, pixels: new Uint8Array(16), labels: Uint8Array.from([0, 1, 0, 1]) }
    const { ctx } = localContext<NetworkTrainControl>(1)
    expect(() => runNetworkTraining(parse(quick), ctx, { dataset: tiny })).toThrow(/784 inputs, the images have 2×2 = 4 pixels/)
    expect(() => runNetworkTraining(parse(quick), ctx)).toThrow(/needs its dataset/)
  })
})
