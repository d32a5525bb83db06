// The RBM kinds' zod schemas against the engine's param types: every parsed output is
// assignable to what the engine reads (checked by tsc on this file), defaults are the stated
// ones, every preset parses, and the schemas convert to JSON Schema for the forms.

import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type * as E from '../../../src/engine/rbm/types'
import { rbmComplete, rbmCompleteParams, rbmDream, rbmDreamParams, rbmPresets, rbmTrain, rbmTrainParams } from '../../../src/shared/kinds/rbm'
import { rbmThermo, rbmThermoParams } from '../../../src/shared/kinds/rbmThermo'
import { rbmMovies, rbmMoviesParams } from '../../../src/shared/kinds/rbmMovies'

describe('RBM kinds', () => {
  it('parsed params are what the engine reads, with the stated defaults', () => {
    const t: E.RbmTrainParams = rbmTrainParams.parse({})
    expect(t).toMatchObject({ hidden: 64, method: 'cd', k: 1, lr: 0.1, batchSize: 100, units: 'binary', sign: 'correct', gibbsRule: 'standard' })
    expect(t.schedule).toEqual({ type: 'linear', finalLr: 0 })
    const d: E.RbmDreamParams = rbmDreamParams.parse({ machine: { runId: 2 } })
    const c: E.RbmCompleteParams = rbmCompleteParams.parse({ machine: { runId: 2 } })
    const th: E.RbmThermoParams = rbmThermoParams.parse({})
    expect(th).toMatchObject({ L: 4, hidden: 16, lr: 1, epochs: 200, samples: 10000, temperatures: [1.5, 2.269, 3.5], source: 'exact' })
    const mv: E.RbmMoviesParams = rbmMoviesParams.parse({})
    expect(mv.spec).toEqual({ users: 1000, movies: 100, genres: 5, seen: 0.25, heldOut: 0.2, taste: 2.5, qualitySpread: 2 })
    expect([d.chains, c.mask]).toEqual([16, 'bottom'])
  })
  it('every preset parses; the printed-paper presets set the printed sign (and rule)', () => {
    for (const p of rbmPresets) expect(rbmTrainParams.safeParse(p.params).success, p.id).toBe(true)
    const both = rbmTrainParams.parse(rbmPresets.find((p) => p.id === 'paper-printed-both')!.params)
    expect([both.sign, both.gibbsRule]).toEqual(['printed', 'printed'])
  })
  it('converts to JSON Schema; kind names', () => {
    for (const k of [rbmTrain, rbmDream, rbmComplete, rbmThermo, rbmMovies]) expect(() => z.toJSONSchema(k.params, { io: 'input' })).not.toThrow()
    expect([rbmTrain, rbmDream, rbmComplete, rbmThermo, rbmMovies].map((k) => k.kind)).toEqual(['rbm.train', 'rbm.dream', 'rbm.complete', 'rbm.thermo', 'rbm.movies'])
  })
})
