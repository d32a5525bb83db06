import { describe, expect, it } from 'vitest'
import { runStack, stackSteps } from '../../../src/renderer/lib/cnnStack'
import { applyFilterStack, HAND_FILTERS, type HandFilter } from '../../../src/engine/cnn/handFilters'
import { createRng } from '../../../src/engine/rng'

const rng = createRng(11, 0)
const image = { h: 32, w: 48, data: Float32Array.from({ length: 32 * 48 }, () => rng.uniform()) }
const filters: HandFilter[] = [...HAND_FILTERS, { name: 'edited', kernel: 5, weights: Float32Array.from({ length: 25 }, () => rng.normal()) }]

describe('the Fig. 12 grid map by map', () => {
  for (const [label, options] of [
    ['paper: ReLU, max-pool, fed by the horizontal filter', { activation: 'relu', leak: 0.01, pool: { mode: 'max', size: 2 }, feedFrom: 1 }],
    ['own outputs, leaky ReLU, average pooling', { activation: 'leakyRelu', leak: 0.2, pool: { mode: 'avg', size: 2 }, feedFrom: 'own' }],
    ['no pooling, no activation', { activation: 'none', leak: 0.01, pool: null, feedFrom: 3 }]
  ] as const) {
    it(`equals the engine's applyFilterStack exactly (${label})`, () => {
      const opts = { ...options, pool: options.pool ? { ...options.pool } : null }
      const mine = runStack({ image, filters, layers: 3, options: opts })
      const engine = applyFilterStack(image, filters, 3, opts)
      expect(mine.length).toBe(3)
      mine.forEach((row, l) =>
        row.forEach((m, k) => {
          expect([m.h, m.w]).toEqual([engine[l][k].h, engine[l][k].w])
          expect(Array.from(m.data)).toEqual(Array.from(engine[l][k].data))
        })
      )
    })
  }

  it('yields once per map, so the page can breathe between maps', () => {
    const it = stackSteps({ image, filters, layers: 2, options: { activation: 'relu', leak: 0, pool: { mode: 'max', size: 2 }, feedFrom: 1 } })
    let yields = 0
    while (!it.next().done) yields++
    expect(yields).toBe(2 * filters.length)
  })

  it('a pooling that does not tile names the layer and the filter', () => {
    const odd = { h: 6, w: 6, data: new Float32Array(36) }
    expect(() => runStack({ image: odd, filters, layers: 2, options: { activation: 'relu', leak: 0, pool: { mode: 'max', size: 2 }, feedFrom: 0 } })).toThrow(/layer 2, filter “vertical”/)
  })
})
