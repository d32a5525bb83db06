// The Boltzmann forms filled from a run's params (Runs › Run again…, a run reattached after a
// reload) read back exactly those params: every field the form has is filled, none forgotten.
// Each case sets every field away from its default, so a field fill() skips shows as a difference.
import { describe, expect, it } from 'vitest'
import { CompleteForm, DreamForm, MoviesForm, ThermoForm, TrainForm } from '../../../src/renderer/lib/rbmForms.svelte'
import { rbmCompleteParams, rbmDreamParams, rbmTrainParams } from '../../../src/shared/kinds/rbm'
import { rbmThermoParams } from '../../../src/shared/kinds/rbmThermo'
import { rbmMoviesParams } from '../../../src/shared/kinds/rbmMovies'

/** Learning fields none of which is its default. */
const learning = {
  hidden: 7,
  method: 'pcd',
  k: 3,
  lr: 0.05,
  schedule: { type: 'linear', finalLr: 0.001 },
  epochs: 4,
  batchSize: 25,
  momentum: 0.5,
  l2: 0.001,
  initStd: 0.02,
  sign: 'printed',
  gibbsRule: 'printed',
  statistics: 'samples',
  biases: false
} as const

describe('a Boltzmann form filled from a run’s params reads back those params', () => {
  const trainCases = {
    'digits, constant rate, no AIS': { ...learning, schedule: { type: 'constant' }, data: { source: 'mnist', trainSize: 500, binarization: 'sample' }, measureEvery: 5, ais: null },
    'the exact Ising lattice, spin units': { ...learning, data: { source: 'isingExact', L: 3, T: 2.5, samples: 400, symmetrize: true }, units: 'spin', measureEvery: 2, ais: { betas: 500, chains: 20 } },
    'a stored Ising dataset': { ...learning, method: 'exact', hidden: 4, data: { source: 'isingDataset', runId: 12, T: 1.75, symmetrize: true }, ais: { betas: 50, chains: 3 } }
  }
  for (const [what, input] of Object.entries(trainCases))
    it(`training on ${what}`, () => {
      const p = rbmTrainParams.parse(input)
      const f = new TrainForm()
      f.fill(p)
      const r = f.read()
      expect(r.issues).toEqual({})
      expect(r.params).toEqual(p)
    })

  it('dreaming', () => {
    const p = rbmDreamParams.parse({ machine: { runId: 9 }, chains: 5, sweeps: 77, frameEvery: 3, gibbsRule: 'printed', start: 'data' })
    const f = new DreamForm()
    f.fill(p)
    expect(f.read().params).toEqual(p)
  })

  it('completing a test digit, and a drawn one (back on the pad)', () => {
    const test = rbmCompleteParams.parse({ machine: { runId: 9 }, chains: 5, sweeps: 77, frameEvery: 3, gibbsRule: 'printed', item: 42, mask: 'random', fraction: 0.3 })
    const drawn = rbmCompleteParams.parse({ ...test, item: undefined, values: Array.from({ length: 784 }, (_, i) => (i % 3 === 0 ? 1 : 0)), mask: 'left' })
    const f = new CompleteForm()
    f.fill(test)
    expect(f.read().params).toEqual(test)
    f.fill(drawn)
    expect(f.source).toBe('drawn')
    expect(f.read().params).toEqual(drawn)
    // And back to a test digit: the drawing stays on the pad, the item is the run's.
    f.fill(test)
    expect(f.read().params).toEqual(test)
  })

  it('learning thermodynamics from a stored dataset', () => {
    const p = rbmThermoParams.parse({ ...learning, source: { runId: 4 }, L: 3, temperatures: [1.5, 2.5], samples: 500, symmetrize: true, units: 'spin', seeds: 3, sampleChains: 100, sampleSweeps: 50 })
    const f = new ThermoForm()
    f.fill(p)
    expect(f.read().params).toEqual(p)
  })

  it('movie ratings', () => {
    const { method: _m, ...movieLearning } = learning
    const p = rbmMoviesParams.parse({ ...movieLearning, spec: { users: 300, movies: 40, genres: 3, seen: 0.4, heldOut: 0.1, taste: 1.5, qualitySpread: 0.5 }, encoding: 'spin' })
    const f = new MoviesForm()
    f.fill(p)
    expect(f.read().params).toEqual(p)
  })
})
