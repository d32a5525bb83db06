// The builder's form: presets round-trip through the kind's schema, edits of the layer list,
// and the live checks — the schema's own messages, plus the imported dataset's and the
// continued model's sizes, which the schema cannot know.
import { describe, expect, it } from 'vitest'
import {
  addHiddenLayer,
  applyPreset,
  checkForm,
  defaultForm,
  changesFromPreset,
  closestPreset,
  fitDataset,
  matchingPreset,
  formFromParams,
  networkPresets,
  parameterCount,
  paramsFromForm,
  removeLayer,
  splitWarning,
  trainSize,
  type DatasetInfo
} from '../../../src/renderer/lib/networkForm'
import { networkTrainParams } from '../../../src/shared/kinds/network'

const tiny: DatasetInfo = { id: 7, name: 'tiny', count: 1000, rows: 8, cols: 8, classes: 4 }

describe('presets and params', () => {
  it('every preset becomes a form whose params parse to the same values as the preset', () => {
    for (const p of networkPresets) {
      const f = formFromParams(p.params)
      const check = checkForm(f)
      expect(check.count, `${p.id}: ${JSON.stringify(check.issues)}`).toBe(0)
      expect(check.params).toEqual(networkTrainParams.parse(p.params))
    }
  })

  it('keeps the schedule and augmentation fields when switched off and on', () => {
    const f = { ...defaultForm(), scheduleType: 'step' as const, stepEvery: 3, stepGamma: 0.3, augment: true, shift: 1 }
    expect(paramsFromForm(f)).toMatchObject({ schedule: { type: 'step', every: 3, gamma: 0.3 }, augmentation: { shift: 1 } })
    const off = { ...f, scheduleType: 'constant' as const, augment: false }
    expect(paramsFromForm(off).schedule).toEqual({ type: 'constant' })
    expect(paramsFromForm(off).augmentation).toBeUndefined()
    expect(paramsFromForm({ ...off, scheduleType: 'step', augment: true })).toMatchObject({ schedule: { every: 3 }, augmentation: { shift: 1 } })
  })

  it('applying a preset keeps the dataset and fits the layers to it', () => {
    const cur = { ...defaultForm(), dataset: 7, seedText: '12' }
    const f = applyPreset(networkPresets.find((p) => p.id === 'paper-appendix')!, cur, [tiny])
    expect(f.layers).toEqual([64, 100, 4])
    expect(f.dataset).toBe(7)
    expect(f.seedText).toBe('12')
    expect(f.outputActivation).toBe('relu')
    expect(fitDataset({ ...f, dataset: 'mnist' }, []).layers).toEqual([784, 100, 10])
  })
})

describe('changes from a preset', () => {
  it('lists the fields that differ, and finds the preset a form is', () => {
    const modern = networkPresets.find((p) => p.id === 'modern-mlp')!
    const f = applyPreset(modern, defaultForm())
    expect(changesFromPreset(f, modern)).toEqual([])
    expect(matchingPreset({ ...f, seedText: '9' })?.id).toBe('modern-mlp')
    const g = { ...f, epochs: 40, layers: [784, 256, 10], scheduleType: 'cosine' as const }
    expect(changesFromPreset(g, modern)).toEqual(['layers 784–128–10 → 784–256–10', 'schedule constant → cosine', 'epochs 5 → 40'])
    expect(matchingPreset(g)).toBeUndefined()
    const appendix = networkPresets.find((p) => p.id === 'paper-appendix')!
    expect(matchingPreset(formFromParams(appendix.params))?.id).toBe('paper-appendix')
    // the closest preset: the appendix with only its epochs changed, but nothing for a form far from all
    expect(closestPreset({ ...formFromParams(appendix.params), epochs: 9 })?.id).toBe('paper-appendix')
    expect(closestPreset({ ...g, hiddenActivation: 'tanh', optimizer: 'momentum', init: 'xavier', lr: 0.3 })).toBeUndefined()
  })
})

describe('live checks', () => {
  it('reports the schema messages by path', () => {
    const f = { ...defaultForm(), lr: 0, layers: [784, 128, 9] }
    const c = checkForm(f)
    expect(c.params).toBeNull()
    expect(c.issues.lr).toEqual(['Learning rate η must be more than 0 (got 0)'])
    expect(c.issues['layers.2']?.[0]).toMatch(/last layer size must be 10/)
    const ce = checkForm({ ...defaultForm(), outputActivation: 'sigmoid' })
    expect(ce.issues.outputActivation?.[0]).toMatch(/cross-entropy compares probabilities/)
  })

  it('names each field as the builder labels it: a field that is not a number, a width out of range, a bad seed', () => {
    // NumberInput hands NaN for a text that is not a number ("1e", "-"): never a rewritten value.
    const c = checkForm({ ...defaultForm(), epochs: Number.NaN, layers: [784, -5, 10], batchSize: 2.5, seedText: '-4' })
    expect(c.issues.epochs).toEqual(['Epochs must be a number'])
    expect(c.issues['layers.1']).toEqual(['Hidden 1 must be at least 1 (got -5)'])
    expect(c.issues.batchSize).toEqual(['Batch size must be a whole number (got 2.5)'])
    expect(c.issues.seed).toEqual(['Seed must be empty (a random one) or a whole number from 0 to 4,294,967,295'])
    // "1e3" is a thousand units, within what a hidden layer allows.
    expect(checkForm({ ...defaultForm(), layers: [784, 1e3, 10] }).count).toBe(0)
    expect(checkForm({ ...defaultForm(), seedText: ' 42 ' }).seed).toBe(42)
  })

  it('checks the sizes of an imported dataset', () => {
    const f = { ...defaultForm(), dataset: 7 }
    const c = checkForm(f, [tiny])
    expect(c.issues['layers.0']?.[0]).toMatch(/must be 64: the images of “tiny” have 8×8 pixels/)
    expect(c.issues['layers.2']?.[0]).toMatch(/must be 4, one output per class/)
    const fitted = fitDataset(f, [tiny])
    expect(checkForm(fitted, [tiny]).count).toBe(0)
    expect(checkForm({ ...fitted, batchSize: 900 }, [tiny]).issues.batchSize?.[0]).toMatch(/exceeds the 800 training items/)
    // choosing a dataset smaller than the batch takes the whole training part as the batch
    expect(fitDataset({ ...f, batchSize: 900 }, [tiny]).batchSize).toBe(800)
    expect(checkForm(f, []).issues.dataset?.[0]).toMatch(/not an imported dataset/)
    expect(trainSize(10000)).toBe(8000)
  })

  it('keeps the architecture of a model that is trained further', () => {
    const resume = { id: 3, layers: [784, 128, 10], bias: true }
    expect(checkForm({ ...defaultForm(), resumeFrom: 3 }, [], resume).count).toBe(0)
    const c = checkForm({ ...defaultForm(), resumeFrom: 3, layers: [784, 64, 10], bias: false }, [], resume)
    expect(c.issues.layers?.[0]).toMatch(/keep its layers 784-128-10/)
    expect(c.issues.bias?.[0]).toMatch(/trained with biases/)
  })
})

describe('tiny splits', () => {
  it('warns, with the split it counts, when 10 % of a dataset is too few items to measure anything', () => {
    // 5 images: round(0.5) = 1 validation and 1 test item, 3 for training (the engine's splitDataset).
    expect(splitWarning({ name: 'five', count: 5 })).toBe(
      '“five” holds 5 items: the 80/10/10 split leaves 3 items for training, 1 item for validation and 1 item for test, so each accuracy moves in steps of 100 % and the curves cannot tell a good step size from a bad one. Import at least 500 images for figures that mean something.'
    )
    expect(splitWarning({ name: 'four', count: 4 })).toMatch(/0 items for validation and 0 items for test, so nothing is validated or tested/)
    expect(splitWarning({ name: 'small', count: 490 })).toMatch(/49 items for validation/)
    expect(splitWarning({ name: 'enough', count: 500 })).toBeNull()
    expect(splitWarning({ name: 'mnist-like', count: 10000 })).toBeNull()
  })
})

describe('layer list', () => {
  it('adds before the output, removes only hidden layers, and counts parameters', () => {
    expect(addHiddenLayer([784, 10])).toEqual([784, 64, 10])
    expect(addHiddenLayer([784, 128, 10])).toEqual([784, 128, 128, 10])
    expect(addHiddenLayer([1, 2, 3, 4, 5, 6, 7, 8])).toHaveLength(8)
    expect(removeLayer([784, 128, 64, 10], 1)).toEqual([784, 64, 10])
    expect(removeLayer([784, 128, 10], 0)).toEqual([784, 128, 10])
    expect(removeLayer([784, 128, 10], 2)).toEqual([784, 128, 10])
    expect(parameterCount([784, 128, 10], true)).toBe(784 * 128 + 128 + 128 * 10 + 10)
    expect(parameterCount([784, 100, 10], false)).toBe(79400)
  })
})
