import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { localContext } from '../../../src/engine/localContext'
import type { LabeledImages } from '../../../src/engine/data/images'
import { runCnnTraining, type CnnTrainControl, type CnnTrainParams } from '../../../src/engine/cnn/cnnTrainJob'
import { cnnTrainParams, cnnTrainResult, type CnnTrainParams as SchemaParams } from '../../../src/shared/kinds/cnn'
import { bundledDigits } from '../../helpers/bundledDigits'
import { buildCnn } from '../../../src/engine/cnn/cnnLayers'
import { cnnClassifierModel } from '../../../src/engine/cnn/classifierModel'
import { labeledImageData } from '../../../src/engine/train/classification'
import { evaluateSet } from '../../../src/engine/train/evaluate'
import { splitDataset, type Split } from '../../../src/engine/data/split'
import type { LocalRecord } from '../../../src/engine/localContext'

// The schema's output must be what the engine reads (a compile-time check, run by tsc).
const schemaToEngine = (p: SchemaParams): CnnTrainParams => p
void schemaToEngine

/** Vertical (class 0) vs horizontal (class 1) bright bars on a noisy dark 12×12 background, as bytes. */
function bars(count: number, seed: number): LabeledImages {
  const r = createRng(seed)
  const pixels = new Uint8Array(count * 144)
  const labels = new Uint8Array(count)
  for (let s = 0; s < count; s++) {
    const cls = r.int(2)
    labels[s] = cls
    const pos = r.int(12)
    for (let k = 0; k < 144; k++) pixels[s * 144 + k] = r.int(60)
    for (let t = 0; t < 12; t++) pixels[s * 144 + (cls === 0 ? t * 12 + pos : pos * 12 + t)] = 255
  }
  return { count, rows: 12, cols: 12, classes: 2, pixels, labels }
}

const small = (over: Partial<CnnTrainParams> = {}): CnnTrainParams => ({
  ...cnnTrainParams.parse({
    architecture: [
      { type: 'conv', filters: 4, kernel: 3, padding: 'same' },
      { type: 'activation', fn: 'leakyRelu', leak: 0.05 },
      { type: 'pool', mode: 'max', size: 2 },
      { type: 'dense', units: 2 }
    ],
    dataset: { importedId: 1 },
    batchSize: 16,
    epochs: 2,
    lr: 0.01,
    evalEvery: 10
  }),
  ...over
})

describe('cnn.train job', () => {
  const data = bars(500, 61)
  it('trains, emits the series, leaves weights and a confusion matrix, reports test accuracy', () => {
    const { ctx, record } = localContext<CnnTrainControl>(5)
    const res = runCnnTraining(small(), ctx, { dataset: data })
    // 400 training items / 16 = 25 batches per epoch, 50 steps; a row every 10 steps and at each epoch end
    expect(res.steps).toBe(50)
    expect(record.steps).toEqual([10, 20, 25, 30, 40, 50])
    for (const row of record.rows) expect(Object.keys(row).sort()).toEqual(['epoch', 'lr', 'trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss'])
    expect(record.rows[record.rows.length - 1].epoch).toBe(2)
    expect(res.testAccuracy as number).toBeGreaterThan(0.95)
    expect(res.shapes).toEqual(['1×12×12', '4×12×12', '4×12×12', '4×6×6', '2'])
    expect([...record.artifacts.keys()].sort()).toEqual(['cnn.weights.1', 'cnn.weights.4', 'confusion'])
    expect(record.artifacts.get('cnn.weights.1')!.data.length).toBe(4 * 9 + 4)
    const conf = record.artifacts.get('confusion')!.data as Int32Array
    expect(conf.reduce((a, b) => a + b, 0)).toBe(50)
    expect(record.progress).toBe(1)
  })
  it('is deterministic from the seed', () => {
    const a = runCnnTraining(small({ epochs: 1 }), localContext<CnnTrainControl>(9).ctx, { dataset: data })
    const b = runCnnTraining(small({ epochs: 1 }), localContext<CnnTrainControl>(9).ctx, { dataset: data })
    const c = runCnnTraining(small({ epochs: 1 }), localContext<CnnTrainControl>(10).ctx, { dataset: data })
    expect(a).toEqual(b)
    expect(c.valLoss).not.toBe(a.valLoss)
  })
  it("'stop' ends the run after the current batch with a result; an lr control is applied", () => {
    const { ctx, record } = localContext<CnnTrainControl>(5, { controls: [null, { lr: 0.002 }, null, 'stop'] })
    const res = runCnnTraining(small(), ctx, { dataset: data })
    expect(res.stoppedByUser).toBe(true)
    expect(res.steps).toBe(3)
    expect(record.rows[record.rows.length - 1].lr).toBe(0.002)
    expect(typeof res.testAccuracy).toBe('number')
  })
  it('without a validation split the result says so with null, and survives the database\'s JSON round trip', () => {
    const split = splitDataset(data.count, { val: 0, test: 100 })
    const res = runCnnTraining(small({ epochs: 1 }), localContext<CnnTrainControl>(3).ctx, { dataset: data, split })
    expect(res.valLoss).toBeNaN()
    // The store writes NaN as null (JSON); the result read back must still be a valid result.
    const stored = cnnTrainResult.parse(JSON.parse(JSON.stringify(res)))
    expect(stored.valLoss).toBeNull()
    expect(stored.valAccuracy).toBeNull()
    expect(stored.testAccuracy).toBeGreaterThan(0.5)
  })
  it('an architecture whose pooling does not tile the map fails before training, naming the layer', () => {
    const p = small({ architecture: [{ type: 'conv', filters: 2, kernel: 3 }, { type: 'pool', mode: 'max', size: 4 }, { type: 'dense', units: 2 }] })
    expect(() => runCnnTraining(p, localContext<CnnTrainControl>(1).ctx, { dataset: data })).toThrow(
      'layer 2 (pool): on 2×10×10, height: pooling: (10 + 2·0 − 4)/4 + 1 = 2.5 is not an integer'
    )
    const q = small({ architecture: [{ type: 'conv', filters: 2, kernel: 3 }, { type: 'dense', units: 3 }] })
    expect(() => runCnnTraining(q, localContext<CnnTrainControl>(1).ctx, { dataset: data })).toThrow('the dataset has 2 classes')
  })
  it('the schema: LeNet defaults; stride 0, a non-dense last layer and extra keys are refused', () => {
    const d = cnnTrainParams.parse({})
    expect(d.architecture.length).toBe(7)
    expect([d.optimizer, d.lr, d.batchSize]).toEqual(['adam', 2e-3, 64])
    expect(cnnTrainParams.safeParse({ architecture: [{ type: 'conv', filters: 2, kernel: 3, stride: 0 }, { type: 'dense', units: 10 }] }).success).toBe(false)
    const noDense = cnnTrainParams.safeParse({ architecture: [{ type: 'conv', filters: 2, kernel: 3 }] })
    expect(noDense.success).toBe(false)
    if (!noDense.success) expect(noDense.error.issues[0].message).toContain('the last layer must be dense')
    expect(cnnTrainParams.safeParse({ seed: 3 }).success).toBe(false)
    const empty = cnnTrainParams.safeParse({ architecture: [] })
    expect(empty.success).toBe(false)
    if (!empty.success) expect(empty.error.issues.map((i) => i.message)).toEqual(['give at least one layer'])
  })

  it('LeNet-like, one epoch on 2,000 real digits: validation and test accuracy > 80 % (chance: 10 %)', () => {
    const digits = bundledDigits()
    const { ctx } = localContext<CnnTrainControl>(3)
    const res = runCnnTraining({ ...cnnTrainParams.parse({ epochs: 1, trainSize: 2000, batchSize: 32, lr: 0.003, evalEvery: 0 }) }, ctx, { dataset: digits })
    expect(res.valAccuracy as number).toBeGreaterThan(0.8)
    expect(res.testAccuracy as number).toBeGreaterThan(0.8)
  })
})

/** The cnn.weights.<l> artifacts of a run, in layer order (what main loads for resumeFrom). */
function storedWeights(record: LocalRecord): Float32Array[] {
  return [...record.artifacts]
    .filter(([name]) => /^cnn\.weights\.\d+$/.test(name))
    .sort(([a], [b]) => Number(a.slice(12)) - Number(b.slice(12)))
    .map(([, a]) => a.data as Float32Array)
}
const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

describe('cnn.train on the training loop: augmentation, early stopping, resume', () => {
  const data = bars(500, 61)
  const run = (p: CnnTrainParams, seed: number, init: { weights?: Float32Array[]; split?: Split; dataset?: LabeledImages } = {}, controls: ('stop' | null)[] = []) => {
    const { ctx, record } = localContext<CnnTrainControl>(seed, { controls })
    const result = runCnnTraining(p, ctx, { dataset: data, ...init })
    return { result, record, weights: storedWeights(record) }
  }

  it('augmentation is fixed by the seed: the same seed gives bit-identical weights, another seed or none does not', () => {
    const p = small({ epochs: 1, augmentation: { shift: 1, rotation: 10, zoom: 0.1, noise: 0.05 } })
    const a = run(p, 9).weights
    const b = run(p, 9).weights
    const c = run(p, 10).weights
    const plain = run(small({ epochs: 1 }), 9).weights
    a.forEach((w, i) => {
      expect(bytes(w).equals(bytes(b[i]))).toBe(true)
      expect(bytes(w).equals(bytes(c[i]))).toBe(false)
      expect(bytes(w).equals(bytes(plain[i]))).toBe(false)
    })
  })

  it('early stopping: memorising wrongly labelled training items stops the run and keeps the weights of the best validation loss', () => {
    // 40 training items whose labels are coin flips: what the network learns from them past the
    // first epochs is noise, and the validation loss (true labels) rises.
    const split = splitDataset(data.count)
    const train = split.train.slice(0, 40)
    const labels = Uint8Array.from(data.labels)
    const coin = createRng(3)
    for (const i of train) labels[i] = coin.int(2)
    const noisy = { ...data, labels }
    const p = small({ epochs: 60, batchSize: 8, lr: 0.02, evalEvery: 0, earlyStoppingPatience: 3 })
    const { result, record, weights } = run(p, 4, { dataset: noisy, split: { ...split, train } })
    expect(result.stoppedEarly).toBe(true)
    const epochs = result.epochsRun as number
    const best = result.bestEpoch as number
    expect(epochs).toBeLessThan(60)
    expect(epochs - best).toBe(3)
    const val = record.rows.map((r) => r.valLoss)
    expect(Math.min(...val)).toBe(val[best - 1])
    expect(val[epochs - 1]).toBeGreaterThan(val[best - 1])
    // the stored weights are those of the best epoch: their validation loss is the minimum
    const net = buildCnn(p.architecture, { c: 1, h: 12, w: 12, flat: false }, { maxBatch: 8, rng: createRng(0) })
    const model = cnnClassifierModel(net)
    model.importWeights(weights)
    expect(evaluateSet(model, labeledImageData(noisy, 1 / 255), split.val)[0]).toBeCloseTo(val[best - 1], 9)
  })

  it('resume: a run stopped before its first batch keeps the stored weights exactly; otherwise it trains on from them; weights of another shape are refused', () => {
    const first = run(small({ epochs: 1 }), 5)
    const kept = run(small({ epochs: 1 }), 99, { weights: first.weights }, ['stop'])
    first.weights.forEach((w, i) => expect(bytes(kept.weights[i]).equals(bytes(w))).toBe(true))
    expect(kept.result.testAccuracy).toBe(first.result.testAccuracy)
    const more = run(small({ epochs: 1 }), 6, { weights: first.weights })
    expect(more.record.rows[0].valLoss).toBeLessThan(0.5 * first.record.rows[0].valLoss) // starts trained
    expect(more.result.testAccuracy as number).toBeGreaterThan(0.95)
    const narrower = small({ architecture: [{ type: 'conv', filters: 3, kernel: 3, padding: 'same' }, { type: 'activation', fn: 'relu' }, { type: 'pool', mode: 'max', size: 2 }, { type: 'dense', units: 2 }] })
    expect(() => run(narrower, 1, { weights: first.weights })).toThrow('stored weights of layer 1 have 40 values; layer 1 (conv) needs 30')
    expect(() => run(small(), 1, { weights: first.weights.slice(1) })).toThrow('stored weights have 1 trainable layers, the network has 2')
  })

  it('the schema takes the training options of network.train, with the same defaults', () => {
    const d = cnnTrainParams.parse({})
    expect([d.schedule, d.earlyStoppingPatience, d.augmentation, d.resumeFrom]).toEqual([{ type: 'constant' }, 0, undefined, undefined])
    const full = cnnTrainParams.parse({ schedule: { type: 'cosine', minLr: 0 }, earlyStoppingPatience: 4, augmentation: { shift: 2 }, resumeFrom: { runId: 3 } })
    expect(full.augmentation).toEqual({ shift: 2, rotation: 0, zoom: 0, noise: 0 })
    expect(cnnTrainParams.safeParse({ augmentation: { shift: 7 } }).success).toBe(false)
    expect(cnnTrainParams.safeParse({ earlyStoppingPatience: -1 }).success).toBe(false)
  })
})
