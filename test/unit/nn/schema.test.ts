// The 'network.train' params schema: defaults, the layer-size rules with their messages,
// strictness, the presets, and that it converts to JSON Schema (what the renderer's forms read).

import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { networkPresets, networkTrain, networkTrainParams, networkTrainControl } from '../../../src/shared/kinds/network'
import type { NetworkTrainParams } from '../../../src/engine/nn/types'

const messages = (input: unknown): string[] => {
  const r = networkTrainParams.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

describe('network.train params', () => {
  it('fills defaults: a 784-128-10 ReLU/softmax network with Adam', () => {
    const p: NetworkTrainParams = networkTrainParams.parse({ lr: 0.001 })
    expect(p.layers).toEqual([784, 128, 10])
    expect(p).toMatchObject({ hiddenActivation: 'relu', outputActivation: 'softmax', loss: 'crossEntropy', optimizer: 'adam', batchSize: 64, dataset: 'mnist', inputScaling: 'unit' })
    expect(p.schedule).toEqual({ type: 'constant' })
  })
  it('layer sizes must start at 784 and end at 10 for MNIST, with clear messages', () => {
    expect(messages({ lr: 0.1, layers: [783, 10] }).join()).toMatch(/first layer size must be 784.*got 783/)
    expect(messages({ lr: 0.1, layers: [784, 100, 9] }).join()).toMatch(/last layer size must be 10.*got 9/)
    expect(messages({ lr: 0.1, layers: [784] }).join()).toMatch(/at least the input and output/)
    // an imported dataset is checked against its own sizes by the job, not here
    expect(messages({ lr: 0.1, layers: [100, 3], dataset: { importedId: 4 }, loss: 'mse', outputActivation: 'sigmoid' })).toEqual([])
  })
  it('refuses lr ≤ 0, a batch larger than the training set, cross-entropy without softmax, unknown keys', () => {
    expect(messages({ lr: 0 }).join()).toMatch(/learning rate must be > 0/)
    expect(messages({ lr: 0.1, batchSize: 8001 }).join()).toMatch(/exceeds the 8000 training digits/)
    expect(messages({ lr: 0.1, batchSize: 8000 })).toEqual([]) // full-batch gradient descent
    expect(messages({ lr: 0.1, outputActivation: 'relu' }).join()).toMatch(/output activation must be softmax/)
    expect(messages({ lr: 0.1, hiddenActivation: 'softmax' }).join()).toMatch(/not a hidden one/)
    expect(messages({ lr: 0.1, learningRate: 0.1 }).join()).toMatch(/[Uu]nrecognized key/)
    expect(messages({ lr: 0.1, schedule: { type: 'step', every: 0, gamma: 0.5 } }).length).toBe(1)
    expect(messages({ lr: 0.1, augmentation: { shift: 2, flip: true } }).join()).toMatch(/[Uu]nrecognized key/)
    expect(messages({ lr: 0.1, resumeFrom: { runId: 0 } }).length).toBe(1)
  })
  it('every preset parses; the appendix preset is the printed network', () => {
    for (const pr of networkPresets) expect(networkTrainParams.safeParse(pr.params).success, pr.id).toBe(true)
    const a = networkTrainParams.parse(networkPresets.find((p) => p.id === 'paper-appendix')!.params)
    expect(a).toMatchObject({ layers: [784, 100, 10], bias: false, hiddenActivation: 'relu', outputActivation: 'relu', loss: 'mse', init: 'randn', batchSize: 64, lr: 1e-3, epochs: 2, inputScaling: 'raw', batchGradient: 'sum' })
    expect(networkPresets.map((p) => p.id)).toContain('modern-mlp')
  })
  it('converts to JSON Schema; control accepts a new lr only; cost counts multiply-adds', () => {
    expect(() => z.toJSONSchema(networkTrainParams, { io: 'input' })).not.toThrow()
    expect(networkTrainControl.safeParse({ lr: 0.01 }).success).toBe(true)
    expect(networkTrainControl.safeParse({ epochs: 3 }).success).toBe(false)
    const p = networkTrainParams.parse({ lr: 0.1, layers: [784, 100, 10], epochs: 2 })
    expect(networkTrain.cost!(p)).toBe(3 * (784 * 100 + 100 * 10) * 8000 * 2)
  })
})
