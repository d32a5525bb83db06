import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { createOptimizer } from '../../../src/engine/nn/optimizer'
import { LENET_ARCHITECTURE } from '../../../src/shared/kinds/cnn'
import {
  buildCnn, classifierHead, cnnBackward, cnnForward, cnnParameters, exportCnnWeights, importCnnWeights, inferShapes,
  softmaxCrossEntropy, type LayerSpec
} from '../../../src/engine/cnn/cnnLayers'
import { trainBatch } from '../../../src/engine/cnn/classifierModel'

const MNIST = { c: 1, h: 28, w: 28, flat: false }

describe('shape inference', () => {
  it('LeNet-like preset on 1×28×28: the shapes and the parameter count', () => {
    const r = inferShapes(LENET_ARCHITECTURE, MNIST)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.shapes.map((s) => [s.c, s.h, s.w])).toEqual([[1, 28, 28], [8, 28, 28], [8, 28, 28], [8, 14, 14], [16, 10, 10], [16, 10, 10], [16, 5, 5], [10, 1, 1]])
    // conv1 8·1·25 + 8, conv2 16·8·25 + 16, dense 400·10 + 10
    expect(r.parameterCount).toBe(208 + 3216 + 4010)
  })
  it('a pooling that does not tile its input is refused, naming the layer and the formula', () => {
    const specs: LayerSpec[] = [{ type: 'conv', filters: 4, kernel: 5 }, { type: 'pool', mode: 'max', size: 2 }, { type: 'conv', filters: 4, kernel: 5 }, { type: 'pool', mode: 'max', size: 3 }, { type: 'dense', units: 10 }]
    const r = inferShapes(specs, MNIST)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.layer).toBe(3)
    expect(r.message).toBe('layer 4 (pool): on 4×8×8, height: pooling: (8 + 2·0 − 3)/3 + 1 = 2.667… is not an integer — the last window would hang over the edge by 1 of 3')
    expect(r.suggestions.length).toBeGreaterThan(0)
    expect(() => buildCnn(specs, MNIST, { maxBatch: 2, rng: createRng(1) })).toThrow('layer 4 (pool)')
  })
  it('a convolution after a dense layer is refused', () => {
    const r = inferShapes([{ type: 'dense', units: 16 }, { type: 'conv', filters: 2, kernel: 3 }], MNIST)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain('layer 2 (conv): needs a channels×height×width map, but gets a flat vector of 16')
  })
})

describe('network gradients by finite differences (float64 loss)', () => {
  // conv (padding, stride) → leaky ReLU → max pool → conv stride 2 → tanh → avg pool → flatten → dense → softmax CE
  const specs: LayerSpec[] = [
    { type: 'conv', filters: 3, kernel: 3, padding: 1 },
    { type: 'activation', fn: 'leakyRelu', leak: 0.1 },
    { type: 'pool', mode: 'max', size: 2 },
    { type: 'conv', filters: 4, kernel: 2, stride: 2 },
    { type: 'activation', fn: 'tanh' },
    { type: 'pool', mode: 'avg', size: [1, 2] },
    { type: 'flatten' },
    { type: 'dense', units: 3 }
  ]
  const input = { c: 2, h: 8, w: 8, flat: false }
  const n = 3
  const net = buildCnn(specs, input, { maxBatch: 4, rng: createRng(31), init: 'xavier' })
  const r = createRng(32)
  const x = Float32Array.from({ length: n * 128 }, () => r.normal())
  const labels = [0, 2, 1]
  const head = classifierHead(net)
  const loss = (): number => softmaxCrossEntropy(cnnForward(net, x, n, false), labels, n, 3, head).loss
  it('every parameter of every layer', () => {
    const { params, grads } = cnnParameters(net)
    expect(params.length).toBe(6)
    softmaxCrossEntropy(cnnForward(net, x, n, true), labels, n, 3, head)
    cnnBackward(net, head.dLogits, n)
    const analytic = grads.map((g) => Float64Array.from(g))
    let checked = 0
    let bad = 0
    params.forEach((p, k) => {
      for (let i = 0; i < p.length; i++) {
        const eps = 1e-3
        const old = p[i]
        p[i] = old + eps
        const up = loss()
        p[i] = old - eps
        const down = loss()
        p[i] = old
        const num = (up - down) / (2 * eps)
        checked++
        if (Math.abs(num - analytic[k][i]) > 2e-4 + 1e-2 * Math.abs(analytic[k][i])) bad++
      }
    })
    expect(checked).toBe(3 * 2 * 9 + 3 + 4 * 3 * 4 + 4 + 3 * 8 + 3)
    expect(bad).toBe(0)
  })
})

describe('training', () => {
  // Bars: class 0 = a vertical bar, class 1 = a horizontal bar, anywhere in a noisy 12×12 image.
  function bars(count: number, seed: number): { x: Float32Array; y: Uint8Array } {
    const r = createRng(seed)
    const x = new Float32Array(count * 144)
    const y = new Uint8Array(count)
    for (let s = 0; s < count; s++) {
      const cls = r.int(2)
      y[s] = cls
      const pos = r.int(12)
      for (let k = 0; k < 144; k++) x[s * 144 + k] = 0.2 * r.uniform()
      for (let t = 0; t < 12; t++) x[s * 144 + (cls === 0 ? t * 12 + pos : pos * 12 + t)] = 1
    }
    return { x, y }
  }
  it('a small CNN with Adam learns vertical vs horizontal bars (held-out accuracy > 95 %)', () => {
    const specs: LayerSpec[] = [
      { type: 'conv', filters: 4, kernel: 3, padding: 'same' },
      { type: 'activation', fn: 'relu' },
      { type: 'pool', mode: 'max', size: 2 },
      { type: 'dense', units: 2 }
    ]
    const B = 16
    const net = buildCnn(specs, { c: 1, h: 12, w: 12, flat: false }, { maxBatch: B, rng: createRng(41) })
    const p = cnnParameters(net)
    const opt = createOptimizer({ name: 'adam' }, p.params)
    const head = classifierHead(net)
    const train = bars(640, 42)
    let first = 0
    for (let epoch = 0; epoch < 2; epoch++)
      for (let s = 0; s < 640; s += B) {
        const res = trainBatch(net, head, opt, p, train.x.subarray(s * 144), train.y.subarray(s), B, 0.01)
        if (epoch === 0 && s === 0) first = res.loss
      }
    const test = bars(200, 43)
    let correct = 0
    let lossSum = 0
    for (let s = 0; s < 200; s += B) {
      const m = Math.min(B, 200 - s) // a short last batch
      const res = softmaxCrossEntropy(cnnForward(net, test.x.subarray(s * 144), m), test.y.subarray(s), m, 2, head)
      correct += res.correct
      lossSum += res.loss * m
    }
    expect(first).toBeGreaterThan(0.3)
    expect(lossSum / 200).toBeLessThan(0.2)
    expect(correct / 200).toBeGreaterThan(0.95)
  })
  it('weights export and import round-trip (same outputs), a wrong architecture is refused', () => {
    const a = buildCnn(LENET_ARCHITECTURE, MNIST, { maxBatch: 2, rng: createRng(51) })
    const b = buildCnn(LENET_ARCHITECTURE, MNIST, { maxBatch: 2, rng: createRng(52) })
    const x = Float32Array.from({ length: 2 * 784 }, (_, i) => (i % 17) / 17)
    const ya = Array.from(cnnForward(a, x, 2))
    expect(Array.from(cnnForward(b, x, 2))).not.toEqual(ya)
    const w = exportCnnWeights(a)
    expect(w.map((l) => [l.layer, l.shapes])).toEqual([[1, [[8, 1, 5, 5], [8]]], [4, [[16, 8, 5, 5], [16]]], [7, [[10, 400], [10]]]])
    importCnnWeights(b, w)
    expect(Array.from(cnnForward(b, x, 2))).toEqual(ya)
    const c = buildCnn([{ type: 'conv', filters: 2, kernel: 3 }, { type: 'dense', units: 10 }], MNIST, { maxBatch: 1, rng: createRng(1) })
    expect(() => importCnnWeights(c, w)).toThrow(/trainable layers/)
  })
})
