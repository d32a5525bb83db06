// The Wolff cluster update against independent truths: at p = 1 the cluster is exactly the
// seed's connected component of satisfied bonds (found here by a plain flood fill); the mean
// cluster size is Wolff's improved estimator of the susceptibility, ⟨|C|⟩ = ⟨M²⟩/N, checked
// against exact enumeration; the running sums equal a recomputation from the lattice; and the
// WebAssembly kernel (L a power of two) runs the general loop's chain exactly, site for site.
import { describe, expect, it } from 'vitest'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { wolffAddProbability } from '../../../src/engine/ising/acceptance'
import { bondSum, magnetization } from '../../../src/engine/ising/energy'
import { initialSpins } from '../../../src/engine/ising/lattice'
import { wordStream } from '../../../src/engine/ising/random'
import { wolffCluster, wolffScratch } from '../../../src/engine/ising/wolff'
import { createRng } from '../../../src/engine/rng'
import { batchMeans } from './batchMeans'

/** A lattice and its sums, stepped by wolffCluster; `fast` puts it in the kernel's memory. */
function cluster(L: number, J: number, T: number, seed: number, fast: boolean) {
  const rng = createRng(seed)
  const scratch = wolffScratch(L * L)
  const start = initialSpins(L, 'random', rng)
  const spins = fast ? scratch.lattice! : new Int8Array(L * L)
  spins.set(start)
  const st = wordStream(rng)
  const tally = Int32Array.of(bondSum(spins, L), magnetization(spins))
  const p = wolffAddProbability(J, T)
  return { spins, st, tally, scratch, step: () => wolffCluster(spins, L, p, J < 0 ? -1 : 1, st, scratch, tally) }
}

/** The connected component of site `s` over bonds with Jσiσj > 0 (plain BFS with % wraps). */
function satisfiedComponent(spins: Int8Array, L: number, J: number, s: number): Set<number> {
  const seen = new Set([s])
  const todo = [s]
  while (todo.length) {
    const i = todo.pop()!
    const x = i % L
    const y = (i - x) / L
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1]
    ]) {
      const j = ((y + dy + L) % L) * L + ((x + dx + L) % L)
      if (!seen.has(j) && J * spins[i] * spins[j] > 0) {
        seen.add(j)
        todo.push(j)
      }
    }
  }
  return seen
}

describe('Wolff cluster', () => {
  it('the WebAssembly kernel is there for L = 2^k and not otherwise', () => {
    for (const L of [2, 4, 64, 1024]) expect(wolffScratch(L * L).lattice?.length).toBe(L * L)
    for (const L of [3, 6, 12, 100]) expect(wolffScratch(L * L).lattice).toBeNull()
  })

  it('at p = 1 (T → 0) it flips exactly the seed’s component of satisfied bonds — frustrated lattices too', () => {
    const cases: [number, number][] = [
      [4, 1],
      [16, 1],
      [16, -1],
      [5, 1],
      [5, -1], // odd L, J < 0: frustrated, joined sites must not rejoin
      [7, -1],
      [6, -1]
    ]
    for (const [L, J] of cases) {
      for (const fast of [false, true]) {
        if (fast && (L & (L - 1)) !== 0) continue
        const c = cluster(L, J, 0.01, 100 + L, fast)
        expect(wolffAddProbability(J, 0.01)).toBe(1)
        for (let k = 0; k < 40; k++) {
          const before = c.spins.slice()
          const size = c.step()
          const changed: number[] = []
          for (let i = 0; i < before.length; i++) if (before[i] !== c.spins[i]) changed.push(i)
          expect(changed.length, `L=${L} J=${J} ${fast ? 'kernel' : 'general'} cluster ${k}`).toBe(size)
          const component = satisfiedComponent(before, L, J, changed[0])
          expect(component.size).toBe(size)
          for (const i of changed) expect(component.has(i)).toBe(true)
          expect(c.tally[0]).toBe(bondSum(c.spins, L))
          expect(c.tally[1]).toBe(magnetization(c.spins))
          // A cluster that covers the whole lattice leaves nothing to learn: restart from a hot lattice.
          if (size === L * L) c.spins.set(initialSpins(L, 'random', createRng(k)))
          c.tally[0] = bondSum(c.spins, L)
          c.tally[1] = magnetization(c.spins)
        }
      }
    }
  })

  it('keeps Σσiσj and Σσ equal to a recomputation (any L, both signs of J, both loops)', () => {
    for (const [L, J, T] of [
      [2, 1, 2],
      [3, -1, 1.5],
      [6, 1, 2.269],
      [12, -0.7, 1.8],
      [8, 1, 2.269],
      [32, -1, 2.0],
      [64, 1, 3.5]
    ]) {
      for (const fast of [false, true]) {
        if (fast && (L & (L - 1)) !== 0) continue
        const c = cluster(L, J, T, L, fast)
        for (let k = 0; k < 300; k++) {
          c.step()
          if (k % 50 === 49) {
            expect(c.tally[0]).toBe(bondSum(c.spins, L))
            expect(c.tally[1]).toBe(magnetization(c.spins))
          }
        }
      }
    }
  })

  it('the kernel runs the general loop’s chain: same seed, same clusters, same lattice, same random words', () => {
    for (const L of [2, 4, 8, 16, 64]) {
      for (const [J, T] of [
        [1, 2.269],
        [-1, 2.269],
        [1, 1.2],
        [1, 0.01],
        [0.5, 40],
        [-2, 3.1]
      ]) {
        const a = cluster(L, J, T, 7 * L, false)
        const b = cluster(L, J, T, 7 * L, true)
        for (let k = 0; k < 200; k++) expect(b.step(), `L=${L} J=${J} T=${T} cluster ${k}`).toBe(a.step())
        expect(b.spins).toEqual(a.spins)
        expect(b.tally).toEqual(a.tally)
        expect(b.st).toEqual(a.st)
      }
    }
  })

  // Wolff's improved estimator: the seed is uniform, so ⟨|C|⟩ = Σ_clusters |C|·|C|/N averaged over
  // configurations = ⟨M²⟩/N. For J < 0 on even L the sublattice gauge maps it onto the
  // ferromagnet's ⟨M²⟩. A test of the bond probability and of which sites may join.
  for (const [L, J, T, fast] of [
    [4, 1, 2.269, true],
    [4, 1, 1.8, false],
    [4, -1, 3.0, true],
    [3, 1, 2.0, false]
  ] as const) {
    it(`mean cluster size = N·⟨m²⟩ exact, L=${L} J=${J} T=${T} (${fast ? 'kernel' : 'general loop'}, 4σ)`, () => {
      const exact = isingEnumeration(L, T, 1, 0)
      const c = cluster(L, J, T, 31 + L, fast)
      for (let k = 0; k < 1000; k++) c.step()
      const sizes = new Float64Array(1 << 17)
      for (let k = 0; k < sizes.length; k++) sizes[k] = c.step()
      const est = batchMeans(sizes)
      const want = L * L * exact.magnetizationSquared
      expect(Math.abs(est.mean - want), `⟨|C|⟩ ${est.mean} ± ${est.stderr} vs ${want}`).toBeLessThan(4 * est.stderr)
    })
  }
})
