// Hopfield figures: one asynchronous sweep of a 64×64 net, storing 100 patterns at that size
// by each rule, and the N = 400 capacity experiment of the acceptance criteria.

import { time, type BenchCase } from './harness'
import { createRng } from '../src/engine/rng'
import { localContext } from '../src/engine/localContext'
import { randomPatterns } from '../src/engine/hopfield/presets'
import { hebbianWeights, pseudoInverseWeights, storkeyWeights } from '../src/engine/hopfield/weights'
import { HopfieldState } from '../src/engine/hopfield/state'
import { relax } from '../src/engine/hopfield/dynamics'
import { flipRandomPixels } from '../src/engine/hopfield/corrupt'
import { runHopfieldCapacity } from '../src/engine/hopfield/capacityJob'
import type { HopfieldNet, PatternSet } from '../src/engine/hopfield/types'

const N = 4096
let P: PatternSet | null = null
let net: HopfieldNet | null = null
const patterns = () => (P ??= randomPatterns(100, N, 0.5, createRng(1)))
const hebbNet = () => (net ??= { N, W: hebbianWeights(patterns()), b: new Float64Array(N) })

/** ms for one asynchronous random-order pass from `start` (field set-up not counted). */
function sweepMs(start: () => Int8Array, seed: number): number {
  const st = new HopfieldState(hebbNet(), start())
  return 1000 * time(() => relax(st, { dynamics: 'async-random', T: 1, maxSweeps: 1, rng: createRng(seed) }))
}

let seed = 0
export const benches: BenchCase[] = [
  {
    name: 'hopfield.sweep.async',
    unit: 'ms',
    params: { N, p: 100, start: 'random state (~N/2 flips)' },
    setup: () => void hebbNet(),
    measure: () => {
      const rng = createRng(++seed, 5)
      return sweepMs(() => Int8Array.from({ length: N }, () => (rng.uniform() < 0.5 ? 1 : -1)), seed)
    },
    teardown: () => {
      net = null
    }
  },
  {
    name: 'hopfield.sweep.async.near',
    unit: 'ms',
    params: { N, p: 100, start: 'pattern, 10% flipped' },
    setup: () => void hebbNet(),
    measure: () => {
      const rng = createRng(++seed, 6)
      return sweepMs(() => {
        const s = patterns().data.slice(0, N)
        flipRandomPixels(s, 0.1, rng)
        return s
      }, seed)
    },
    teardown: () => {
      net = null
    }
  },
  {
    name: 'hopfield.store.hebbian',
    unit: 'ms',
    params: { N, p: 100 },
    measure: () => 1000 * time(() => hebbianWeights(patterns()))
  },
  {
    name: 'hopfield.store.pseudoinverse',
    unit: 'ms',
    params: { N, p: 100 },
    repeats: 3,
    measure: () => 1000 * time(() => pseudoInverseWeights(patterns()))
  },
  {
    name: 'hopfield.store.storkey',
    unit: 'ms/pattern',
    params: { N, p: 10 },
    repeats: 3,
    measure: () => {
      const P10 = { p: 10, N, data: patterns().data.subarray(0, 10 * N) }
      return (1000 * time(() => storkeyWeights(P10))) / 10
    }
  },
  {
    name: 'hopfield.capacity',
    unit: 's',
    params: { N: 400, alphas: '0.02..0.3 ×15', trials: 20, probes: 10, rules: 'hebbian' },
    repeats: 3,
    measure: () =>
      time(() =>
        runHopfieldCapacity(
          { N: 400, alphas: { from: 0.02, to: 0.3, points: 15 }, trials: 20, corruption: 0.1, rules: ['hebbian'], probes: 10, maxSweeps: 50, density: 0.5 },
          localContext(1).ctx
        )
      )
  }
]
