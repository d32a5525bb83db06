// The renderer's rebuilt model against an independent forward pass written out by hand, on
// weights laid out as the training job stores them (W row-major nOut×nIn, then b).
import { describe, expect, it } from 'vitest'
import { argmax, modelFromArtifacts, predict, unitImage, weightArtifactNames, type WeightArtifact } from '../../../src/renderer/lib/networkModel'
import { createRng } from '../../../src/engine/rng'

const arch = { layers: [6, 4, 3], hiddenActivation: 'relu', outputActivation: 'softmax', leakySlope: 0.01, bias: true, inputScaling: 'raw', loss: 'crossEntropy' }

function artifacts(): { arts: WeightArtifact[]; W1: number[]; b1: number[]; W2: number[]; b2: number[] } {
  const rng = createRng(9, 0)
  const r = (n: number): number[] => Array.from({ length: n }, () => rng.normal() * 0.5)
  const W1 = r(24)
  const b1 = r(4)
  const W2 = r(12)
  const b2 = r(3)
  const arts: WeightArtifact[] = [
    // stored out of order on purpose: the model sorts them by layer
    { name: 'weights.2', data: Float32Array.from([...W2, ...b2]), meta: { layer: 2, architecture: arch } },
    { name: 'weights.1', data: Float32Array.from([...W1, ...b1]), meta: { layer: 1, architecture: arch } }
  ]
  return { arts, W1, b1, W2, b2 }
}

describe('modelFromArtifacts + predict', () => {
  it('matches a hand-written forward pass: relu hidden layer, softmax output, raw pixel scale 255', () => {
    const { arts, W1, b1, W2, b2 } = artifacts()
    const model = modelFromArtifacts(arts)
    const ink = [0, 0.2, 1, 0.5, 0, 0.9]
    const x = ink.map((v) => v * 255)
    const h = [0, 1, 2, 3].map((j) => Math.max(0, b1[j] + x.reduce((s, xi, i) => s + W1[j * 6 + i] * xi, 0)))
    const z = [0, 1, 2].map((k) => b2[k] + h.reduce((s, hj, j) => s + W2[k * 4 + j] * hj, 0))
    const m = Math.max(...z)
    const e = z.map((v) => Math.exp(v - m))
    const p = e.map((v) => v / e.reduce((a, b) => a + b, 0))
    const y = predict(model, ink)
    p.forEach((pk, k) => expect(y[k]).toBeCloseTo(pk, 4))
    expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
  })

  it('refuses weights that do not fit their architecture, and an image of the wrong size', () => {
    const { arts } = artifacts()
    expect(() => modelFromArtifacts([arts[1]])).toThrow(/stored 1 weight layers, its architecture 6-4-3 has 2/)
    const short = [{ ...arts[0], data: new Float32Array(5) }, arts[1]]
    expect(() => modelFromArtifacts(short)).toThrow(/layer 2 have 5 values/)
    expect(() => modelFromArtifacts([{ name: 'weights.1', data: new Float32Array(1), meta: {} }])).toThrow(/architecture/)
    expect(() => predict(modelFromArtifacts(arts), [1, 2])).toThrow(/2 pixels, the network takes 6/)
  })
})

describe('helpers', () => {
  it('argmax is −1 when all outputs are equal (a dead output layer predicts nothing)', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1)
    expect(argmax([0, 0, 0])).toBe(-1)
  })

  it('orders weight artifacts by layer number, not as text', () => {
    expect(weightArtifactNames(['confusion', 'weights.10', 'weights.2', 'weights.1'])).toEqual(['weights.1', 'weights.2', 'weights.10'])
  })

  it('shows a unit scaled by its own largest |w|', () => {
    const w = [1, -2, 4, 0.5, 0.5, -1] // 2 units of 3 inputs
    expect(Array.from(unitImage(w, 3, 0).image)).toEqual([0.25, -0.5, 1])
    expect(unitImage(w, 3, 1)).toEqual({ image: Float32Array.from([0.5, 0.5, -1]), maxAbs: 1 })
  })
})
