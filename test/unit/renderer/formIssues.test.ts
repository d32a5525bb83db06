// Every message a form shows names the field as the form labels it and says what is allowed,
// from the current value; service refusals ("path: zod English") are said the same way.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { allIssues, fieldIssues, formIssues, labelOf, refusalText } from '../../../src/renderer/lib/formIssues'
import { hopfieldCapacityParams, hopfieldRecallParams } from '../../../src/shared/kinds/hopfield'
import { validate } from '../../../src/shared/validate'
import { LabError } from '../../../src/shared/errors'
import { networkTrainParams, networkPresets } from '../../../src/shared/kinds/network'

const labels = { N: 'Neurons N', 'alphas.from': 'α from', 'alphas.to': 'α to', 'alphas.points': 'Loads', sizes: 'Sizes L', maxSweeps: 'Max passes' }

describe('labels', () => {
  it('a path takes its own label, a list item its list’s with its place', () => {
    expect(labelOf(labels, 'N')).toBe('Neurons N')
    expect(labelOf(labels, 'sizes.2')).toBe('Sizes L, value 3')
    expect(labelOf(labels, 'nowhere')).toBe('This field')
  })
})

describe('schema issues in the form’s words', () => {
  it('a union (range or list of loads) says what is wrong with the range the form sends', () => {
    const { data, issues } = formIssues(hopfieldCapacityParams, { N: 400, alphas: { from: 0.3, to: 2, points: 1.5 } }, labels)
    expect(data).toBeNull()
    expect(issues).toEqual({ 'alphas.to': ['α to must be at most 1 (got 2)'], 'alphas.points': ['Loads must be a whole number (got 1.5)'] })
  })
  it('a number’s bounds come from the schema, not from its sentence naming the params field', () => {
    // The schema says "maxSweeps must be at most 10000": the form says "Max passes".
    expect(fieldIssues(hopfieldRecallParams.shape.maxSweeps, 20000, 'Max passes')).toEqual(['Max passes must be at most 10,000 (got 20,000)'])
    expect(fieldIssues(hopfieldRecallParams.shape.maxSweeps, Number.NaN, 'Max passes')).toEqual(['Max passes must be a number'])
    expect(fieldIssues(z.number().gt(0), 0, 'T')).toEqual(['T must be more than 0 (got 0)'])
    expect(fieldIssues(z.number().lt(1), 1, 'p')).toEqual(['p must be less than 1 (got 1)'])
  })
  it('a list’s own sentence is kept; zod’s English for a list is not', () => {
    const lib = formIssues(hopfieldRecallParams, { width: 4, height: 4, patterns: [] }, { patterns: 'The library' })
    expect(lib.issues.patterns).toEqual(['the pattern library is empty: store at least one pattern before recall'])
    expect(fieldIssues(z.array(z.number()).min(2), [1], 'Sizes L')).toEqual(['Sizes L needs at least 2 values'])
    expect(allIssues({ a: ['x', 'y'], b: ['x'] })).toEqual(['x', 'y'])
  })
})

describe('service refusals', () => {
  it('every line of a real refusal names the field as the form labels it', () => {
    const modern = networkPresets.find((p) => p.id === 'modern-mlp')!.params
    let error: LabError | null = null
    try {
      validate(networkTrainParams, { ...modern, lr: null, batchSize: 0, epochs: 2.5 }, 'params')
    } catch (e) {
      error = e as LabError
    }
    expect(error?.issues).toBeDefined()
    const words = (error?.issues ?? []).map((l) => refusalText(l, { lr: 'Learning rate η', batchSize: 'Batch size', epochs: 'Epochs' }))
    expect(words).toEqual(['Learning rate η must be a number', 'Batch size must be at least 1', 'Epochs must be a whole number'])
    expect(refusalText('(root): something', {})).toBe('something')
    expect(refusalText('layers.0: the first layer size must be 784', { 'layers.0': 'Input size' })).toBe('Input size: the first layer size must be 784')
  })
})
