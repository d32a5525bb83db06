// Below Tc a 64×64 lattice is already close to the infinite-lattice spontaneous
// magnetization of Onsager/Yang, m0 = (1 − sinh(2J/T)^−4)^{1/8}.
import { describe, expect, it } from 'vitest'
import { createIsingSim } from '../../../src/engine/ising/simulation'
import { createRng } from '../../../src/engine/rng'
import type { IsingAlgorithm } from '../../../src/engine/ising/types'
import { sample } from './sampling'
import { batchMeans } from './batchMeans'

const onsager = (T: number): number => (1 - Math.sinh(2 / T) ** -4) ** 0.125

describe('L = 64, T = 1.5: ⟨|m|⟩ within 0.01 of Onsager', () => {
  const variants: [IsingAlgorithm, boolean][] = [
    ['metropolis', true],
    ['metropolis', false],
    ['heatbath', false],
    ['wolff', false]
  ]
  variants.forEach(([algorithm, multispin], k) => {
    it(`${algorithm}${algorithm === 'metropolis' ? (multispin ? ' (multispin)' : ' (plain)') : ''}`, () => {
      // From the ordered state: a random start quenched to T = 1.5 often freezes into two
      // stripe domains (m ≈ 0) that live far longer than a test; |m| is blind to which of the
      // two ordered phases the run sits in, so starting in one of them biases nothing.
      const sim = createIsingSim({ L: 64, T: 1.5, J: 1, B: 0 }, { algorithm, start: 'up', rng: createRng(40 + k) }, { multispin })
      const s = sample(sim, 1000, 2000)
      const est = batchMeans(s.absM, 20)
      expect(Math.abs(est.mean - onsager(1.5)), `${est.mean} ± ${est.stderr} vs ${onsager(1.5)}`).toBeLessThan(0.01)
    })
  })
})
