import { describe, expect, it } from 'vitest'
import { buildCnn, cnnForward, exportCnnWeights, type LayerSpec } from '../../../src/engine/cnn/cnnLayers'
import { createRng } from '../../../src/engine/rng'
import { LENET_ARCHITECTURE } from '../../../src/shared/kinds/cnn'
import { buildTrainedCnn, channelScores, convFilters, forwardMaps, topK } from '../../../src/renderer/lib/cnnModel'

const INPUT = { c: 1, h: 28, w: 28, flat: false }

/** A LeNet with random (seeded) weights, as if stored by a run, and the weights as artifacts. */
function stored(specs: LayerSpec[] = LENET_ARCHITECTURE) {
  const original = buildCnn(specs, INPUT, { maxBatch: 8, rng: createRng(42, 1) })
  const weights = exportCnnWeights(original).map((w) => ({ layer: w.layer, data: w.data }))
  return { original, weights }
}

const rng = createRng(7, 3)
const digits = Float32Array.from({ length: 7 * 784 }, () => (rng.uniform() < 0.2 ? rng.uniform() : 0))

describe('a trained CNN rebuilt in the page', () => {
  it('gives the same logits as the network its weights came from, and a softmax that sums to 1', () => {
    const { original, weights } = stored()
    const net = buildTrainedCnn(LENET_ARCHITECTURE, weights)
    const x = digits.subarray(0, 784)
    const f = forwardMaps(net, Float32Array.from(x))
    const logits = Array.from(cnnForward(original, Float32Array.from(x), 1).subarray(0, 10))
    expect(Array.from(f.maps[f.maps.length - 1].data)).toEqual(logits)
    const sum = f.probs.reduce((s, p) => s + p, 0)
    expect(sum).toBeCloseTo(1, 5)
    const e = logits.map((z) => Math.exp(z - Math.max(...logits)))
    const z = e.reduce((s, v) => s + v, 0)
    f.probs.forEach((p, k) => expect(p).toBeCloseTo(e[k] / z, 5))
    expect(f.predicted).toBe(logits.indexOf(Math.max(...logits)))
    expect(f.maps.map((m) => `${m.shape.c}×${m.shape.h}×${m.shape.w}`)).toEqual(['8×28×28', '8×28×28', '8×14×14', '16×10×10', '16×10×10', '16×5×5', '10×1×1'])
  })

  it('the first feature map is the convolution written out by hand (5×5, padding 2)', () => {
    const { weights } = stored()
    const net = buildTrainedCnn(LENET_ARCHITECTURE, weights)
    const x = Float32Array.from(digits.subarray(784, 2 * 784))
    const f = forwardMaps(net, x)
    const W = weights[0].data // 8·25 weights, then 8 biases
    for (const [o, i, j] of [
      [0, 0, 0],
      [3, 13, 7],
      [7, 27, 27],
      [5, 1, 26]
    ]) {
      let s = W[8 * 25 + o]
      for (let u = 0; u < 5; u++)
        for (let v = 0; v < 5; v++) {
          const y = i + u - 2
          const xx = j + v - 2
          if (y >= 0 && y < 28 && xx >= 0 && xx < 28) s += W[o * 25 + u * 5 + v] * x[y * 28 + xx]
        }
      expect(f.maps[0].data[o * 784 + i * 28 + j]).toBeCloseTo(s, 4)
    }
    // ReLU after it, max-pool of 2×2 after that.
    const relu = f.maps[1].data
    const conv = f.maps[0].data
    for (let k = 0; k < conv.length; k += 97) expect(relu[k]).toBe(Math.max(0, conv[k]))
    const pooled = f.maps[2].data
    const at = (c: number, y: number, xx: number): number => relu[c * 784 + y * 28 + xx]
    expect(pooled[2 * 196 + 5 * 14 + 9]).toBe(Math.max(at(2, 10, 18), at(2, 10, 19), at(2, 11, 18), at(2, 11, 19)))
  })

  it('a channel score over a batch equals the maximum of that channel, digit by digit', () => {
    const { weights } = stored()
    const net = buildTrainedCnn(LENET_ARCHITECTURE, weights)
    for (const [layer, channel] of [
      [2, 5],
      [4, 11]
    ]) {
      const scores = channelScores(net, layer, channel, digits, 7)
      for (let b = 0; b < 7; b++) {
        const m = forwardMaps(net, Float32Array.from(digits.subarray(b * 784, (b + 1) * 784))).maps[layer]
        const plane = m.shape.h * m.shape.w
        expect(scores[b]).toBe(Math.max(...m.data.subarray(channel * plane, (channel + 1) * plane)))
      }
    }
    expect(() => channelScores(net, 0, 8, digits, 1)).toThrow(/8 channels, not 9/)
  })

  it('refuses weights of another architecture with a clear message', () => {
    const { weights } = stored()
    const other: LayerSpec[] = [{ type: 'conv', filters: 4, kernel: 3, padding: 1 }, { type: 'activation', fn: 'relu' }, { type: 'pool', mode: 'max', size: 2 }, { type: 'conv', filters: 16, kernel: 5 }, { type: 'dense', units: 10 }]
    expect(() => buildTrainedCnn(other, weights)).toThrow(/layer 1 have 208 values; layer 1 \(conv\) needs 40/)
  })

  it('learned filters reshape W[o, c, u, v]', () => {
    const { weights } = stored()
    const net = buildTrainedCnn(LENET_ARCHITECTURE, weights)
    const f = convFilters(net, 3)
    expect([f.count, f.channels, f.kh, f.kw]).toEqual([16, 8, 5, 5])
    const W = weights[1].data
    expect(f.maps[9 * 8 + 6][3 * 5 + 2]).toBe(W[((9 * 8 + 6) * 5 + 3) * 5 + 2])
    expect(() => convFilters(net, 1)).toThrow(/not a convolution/)
  })

  it('topK: largest first, ties by position', () => {
    expect(topK([0.5, 2, 2, -1, 3], 3)).toEqual([4, 1, 2])
    expect(topK([1], 5)).toEqual([0])
  })
})
