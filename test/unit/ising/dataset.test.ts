// The dataset job: what it stores (counts, alignment, energies and magnetizations that are
// those of the stored configurations, recomputed here by an independent loop), that the
// samples are Boltzmann samples (⟨|m|⟩ against exact enumeration at L = 4 and Yang's
// spontaneous magnetization at L = 16), and the sampling rule (spacing from τ_int).
import { describe, expect, it } from 'vitest'
import { datasetTemperatures, runIsingDataset, spacingFromTau, type DatasetParams } from '../../../src/engine/ising/dataset'
import { decodeIsingDataset, type IsingDataset } from '../../../src/engine/ising/datasetFormat'
import { onsagerMagnetization } from '../../../src/engine/ising/exact'
import { localContext } from '../../../src/engine/localContext'
import { tauIntWindowed } from '../../../src/engine/stats/autocorrelation'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { isingDataset, isingDatasetParams } from '../../../src/shared/kinds/isingDataset'

const base: DatasetParams = {
  L: 8,
  temperatures: [1.5, 3.5],
  J: 1,
  B: 0,
  algorithm: 'metropolis',
  start: 'auto',
  samples: 50,
  equilibrationSweeps: 200,
  pilotSweeps: 2000,
  maxSpacing: 1000
}

function run(p: Partial<DatasetParams>, seed = 1, controls?: ('stop' | null)[]) {
  const { ctx, record } = localContext(seed, { controls })
  const result = runIsingDataset({ ...base, ...p }, ctx)
  const dataset = decodeIsingDataset(record.artifacts)
  return { result, record, dataset }
}

/** E/N of one configuration, written here from Eq. 14 without the engine's code. */
function energyPerSpin(s: Int8Array, L: number, J: number, B: number): number {
  let bonds = 0
  let M = 0
  for (let y = 0; y < L; y++)
    for (let x = 0; x < L; x++) {
      const v = s[y * L + x]
      M += v
      bonds += v * s[y * L + ((x + 1) % L)] + v * s[((y + 1) % L) * L + x]
    }
  return (-J * bonds - B * M) / (L * L)
}

/** Mean of |m| over the samples of block k, with the error σ√(2τ/n) of the stored series. */
function blockAbsM(d: IsingDataset, k: number): { mean: number; error: number; n: number } {
  const start = d.meta.counts.slice(0, k).reduce((s, c) => s + c, 0)
  const x = Float64Array.from(d.m.subarray(start, start + d.meta.counts[k]), Math.abs)
  const n = x.length
  const mu = x.reduce((s, v) => s + v, 0) / n
  const v = x.reduce((s, u) => s + (u - mu) ** 2, 0) / (n - 1)
  const tau = Math.max(0.5, tauIntWindowed(x).tauInt)
  return { mean: mu, error: Math.sqrt((2 * tau * v) / n), n }
}

describe('what ising.dataset stores', () => {
  const { result, record, dataset: d } = run({ B: 0.3, symmetrize: false, temperatures: [2.5, 1.5, 4] }, 11)

  it('stores count = temperatures × samples, aligned, temperature blocks in the order given', () => {
    expect(result.count).toBe(150)
    expect(d.count).toBe(150)
    expect(d.spins.length).toBe(150 * 64)
    expect(d.meta.temperatures).toEqual([2.5, 1.5, 4])
    expect(d.meta.counts).toEqual([50, 50, 50])
    expect(Array.from(d.T)).toEqual([...Array(50).fill(2.5), ...Array(50).fill(1.5), ...Array(50).fill(4)])
    expect(d.meta).toMatchObject({ format: 'ising-dataset-v1', L: 8, count: 150, J: 1, B: 0.3, symmetrized: false })
    for (const name of ['dataset', 'dataset.T', 'dataset.E', 'dataset.m']) expect(record.artifacts.has(name)).toBe(true)
  })

  it('the stored E and m are exactly those of the stored configurations (field term included)', () => {
    for (let i = 0; i < d.count; i++) {
      const s = d.spins.subarray(i * 64, (i + 1) * 64)
      expect(d.E[i]).toBe(energyPerSpin(s, 8, 1, 0.3))
      expect(d.m[i]).toBe(s.reduce((a, v) => a + v, 0) / 64)
    }
    // the configurations differ from one another (not one lattice stored 150 times)
    expect(new Set(Array.from({ length: 50 }, (_, i) => d.spins.subarray(i * 64, (i + 1) * 64).join(''))).size).toBeGreaterThan(45)
  })

  it('emits one row per temperature with τ, spacing and the samples kept', () => {
    expect(record.steps).toEqual([0, 1, 2])
    expect(record.rows.map((r) => r.T)).toEqual([2.5, 1.5, 4])
    record.rows.forEach((r, k) => {
      expect(r.samples).toBe(50)
      expect(r.spacing).toBe(d.meta.spacing[k])
      expect(r.tauAbsM).toBe(d.meta.tau[k])
      expect(r.tauE).toBe(d.meta.tauE[k])
    })
    // m follows the field B = 0.3 > 0 at every temperature
    expect(record.rows.every((r) => r.absM > 0)).toBe(true)
    expect(Array.from(d.m).filter((v) => v < 0).length).toBeLessThan(20)
  })
})

describe('the samples are Boltzmann samples', () => {
  it('L = 4: the mean of stored |m| equals the exact ⟨|m|⟩ at T = 1.5 and T = 3.5', () => {
    const { dataset: d } = run({ L: 4, samples: 4000 }, 2)
    d.meta.temperatures.forEach((T, k) => {
      const est = blockAbsM(d, k)
      const exact = isingEnumeration(4, T).absMagnetization
      expect(Math.abs(est.mean - exact)).toBeLessThan(4 * est.error)
      expect(est.error).toBeLessThan(0.01)
    })
  })

  it('L = 16, T = 1.5: the mean of stored |m| equals Yang’s spontaneous magnetization (ξ ≪ L)', () => {
    const { dataset: d } = run({ L: 16, temperatures: [1.5], samples: 1000 }, 3)
    const est = blockAbsM(d, 0)
    expect(Math.abs(est.mean - onsagerMagnetization(1.5))).toBeLessThan(4 * est.error + 0.001)
  })

  it('Wolff sweep-equivalents sample the exact L = 4 distribution at Tc too', () => {
    const { dataset: d } = run({ L: 4, temperatures: [2.269], samples: 3000, algorithm: 'wolff' }, 4)
    const est = blockAbsM(d, 0)
    expect(Math.abs(est.mean - isingEnumeration(4, 2.269).absMagnetization)).toBeLessThan(4 * est.error)
    const eMean = d.E.reduce((s, v) => s + v, 0) / d.count
    const eSd = Math.sqrt(d.E.reduce((s, v) => s + (v - eMean) ** 2, 0) / (d.count - 1))
    expect(Math.abs(eMean - isingEnumeration(4, 2.269).energyPerSpin)).toBeLessThan(4 * eSd * Math.sqrt(2 / d.count))
  })

  it('L = 32 at Tc: Metropolis (τ ≈ 40 sweeps) and Wolff datasets agree on ⟨|m|⟩ and ⟨e⟩', () => {
    // A τ underestimated from a short pilot leaves the Metropolis samples correlated and
    // still relaxing from the ordered start; the two algorithms then disagree by many σ.
    const p = { L: 32, temperatures: [2.269185], samples: 300, pilotSweeps: 1000 }
    const met = run({ ...p, equilibrationSweeps: 200 }, 12).dataset
    const wolff = run({ ...p, algorithm: 'wolff' }, 13).dataset
    expect(met.meta.spacing[0]).toBeGreaterThan(10 * wolff.meta.spacing[0])
    const a = blockAbsM(met, 0)
    const b = blockAbsM(wolff, 0)
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.error, b.error))
    const meanE = (d: IsingDataset) => d.E.reduce((s, v) => s + v, 0) / d.count
    // exact ⟨e⟩ at Tc for L = 32 is about −1.42 (Kaufman); both within a few 0.01
    expect(Math.abs(meanE(met) - meanE(wolff))).toBeLessThan(0.03)
  })

  it('symmetrizes at B = 0: below Tc about half the samples are in the down phase', () => {
    const { dataset: d } = run({ temperatures: [1.5], samples: 400 }, 5)
    const down = Array.from(d.m).filter((v) => v < 0).length
    // binomial(400, ½): sd 10
    expect(Math.abs(down - 200)).toBeLessThan(40)
    expect(d.meta.symmetrized).toBe(true)
    // without it, Metropolis from the ordered start never leaves the up phase at T = 1.5
    const { dataset: u } = run({ temperatures: [1.5], samples: 400, symmetrize: false }, 5)
    expect(Array.from(u.m).every((v) => v > 0)).toBe(true)
  })
})

describe('the sampling rule', () => {
  it('spacingFromTau is max(1, ⌈2τ⌉) capped at maxSpacing', () => {
    expect(spacingFromTau(0.3, 100)).toBe(1)
    expect(spacingFromTau(0.5, 100)).toBe(1)
    expect(spacingFromTau(0.51, 100)).toBe(2)
    expect(spacingFromTau(8.2, 100)).toBe(17)
    expect(spacingFromTau(80, 100)).toBe(100)
  })

  it('spacing follows τ_int: larger at Tc than on either side (critical slowing down)', () => {
    const { dataset: d, record } = run({ L: 16, temperatures: [1.5, 2.269, 3.5], samples: 20 }, 6)
    const [low, crit, high] = d.meta.spacing
    d.meta.spacing.forEach((s, k) => expect(s).toBe(spacingFromTau(Math.max(d.meta.tau[k], d.meta.tauE[k]), 1000)))
    expect(d.meta.tau[1]).toBeGreaterThan(3 * Math.max(d.meta.tau[0], d.meta.tau[2]))
    expect(crit).toBeGreaterThan(2 * Math.max(low, high))
    expect(record.rows.map((r) => r.spacing)).toEqual(d.meta.spacing)
  })

  it('a fixed spacing overrides the rule and warns when it is below 2τ', () => {
    const { dataset: d, record } = run({ L: 16, temperatures: [2.269, 3.5], samples: 20, spacing: 1 }, 7)
    expect(d.meta.spacing).toEqual([1, 1])
    expect(d.meta.spacingRule).toBe('fixed')
    expect(record.logs.some((l) => /T = 2.269: the fixed spacing 1 is below 2τ_int/.test(l))).toBe(true)
  })

  it('extends a pilot that is too short for τ, and logs when τ is still not converged', () => {
    const { record, dataset: d } = run({ L: 16, temperatures: [2.269], samples: 5, pilotSweeps: 100 }, 8)
    const pilot = record.rows[0].pilotSweeps
    // doubled from 100 up to 16× (τ ≈ 10 at Tc for L = 16 needs a few thousand sweeps)
    expect([200, 400, 800, 1600]).toContain(pilot)
    if (pilot === 1600) expect(record.logs.some((l) => /the pilot \(1600 sweeps\) is short for τ_int/.test(l))).toBe(true)
    expect(d.meta.spacing[0]).toBeGreaterThan(4)
  })
})

describe('determinism, stop, refusals', () => {
  it('the same seed gives the same dataset; another seed another', () => {
    const p = { temperatures: [2.3], samples: 20 }
    const a = run(p, 9).dataset
    const b = run(p, 9).dataset
    const c = run(p, 10).dataset
    expect(a.spins).toEqual(b.spins)
    expect(a.E).toEqual(b.E)
    expect(a.meta).toEqual(b.meta)
    expect(a.spins).not.toEqual(c.spins)
  })

  it('a stop keeps a valid dataset of what was sampled', () => {
    // stop after 3,000 sweeps: inside the first temperature's sampling or the second's pilot
    const controls = [...Array<null>(2999).fill(null), 'stop' as const]
    const { result, dataset: d } = run({ samples: 2000 }, 1, controls)
    expect(result.stopped).toBe(true)
    expect(d.count).toBeGreaterThan(0)
    expect(d.count).toBeLessThan(4000)
    expect(d.meta.counts.reduce((s, c) => s + c, 0)).toBe(d.count)
  })

  it('a stop before the first τ is known leaves a valid, empty dataset', () => {
    const { result, dataset: d } = run({}, 1, ['stop'])
    expect(result.stopped).toBe(true)
    expect(d.count).toBe(0)
    expect(d.meta.temperatures).toEqual([])
  })

  it('range temperatures rise evenly; bad params are refused with a reason', () => {
    expect(datasetTemperatures({ range: { Tmin: 1, Tmax: 2, points: 3 } })).toEqual([1, 1.5, 2])
    expect(datasetTemperatures({ temperatures: [3, 1] })).toEqual([3, 1])
    expect(() => run({ samples: 0 })).toThrow(/samples must be an integer ≥ 1/)
    expect(() => run({ B: 0.1, symmetrize: true })).toThrow(/symmetrize needs B = 0/)
    expect(() => run({ algorithm: 'wolff', B: 0.1 })).toThrow(/Wolff cluster updates need B = 0/)
    expect(() => run({ temperatures: undefined })).toThrow(/range or a list/)
  })
})

describe('the ising.dataset kind spec', () => {
  const ok = { L: 32, temperatures: [1.5, 2.27, 3.5], samples: 1000 }
  const issues = (p: Record<string, unknown>) => {
    const r = isingDatasetParams.safeParse(p)
    return r.success ? '' : r.error.issues.map((i) => i.message).join('; ')
  }

  it('fills the defaults, which the engine accepts, and prices the worst case', () => {
    const p = isingDatasetParams.parse(ok)
    expect(p).toMatchObject({ algorithm: 'metropolis', J: 1, B: 0, start: 'auto', equilibrationSweeps: 1000, pilotSweeps: 4000, maxSpacing: 1000 })
    // an upper bound: the longest pilot (16×) and the largest spacing
    expect(isingDataset.cost!(p)).toBe(3 * 1024 * (1000 + 16 * 4000 + 1000 * 1000))
    expect(isingDataset.cost!({ ...p, spacing: 3 })).toBe(3 * 1024 * (1000 + 16 * 4000 + 1000 * 3))
    const { ctx, record } = localContext(1)
    runIsingDataset({ ...isingDatasetParams.parse({ L: 4, range: { Tmin: 2, Tmax: 3, points: 2 }, samples: 3 }) }, ctx)
    expect(decodeIsingDataset(record.artifacts).meta.temperatures).toEqual([2, 3])
  })

  it.each([
    [{ samples: 0 }, /samples must be at least 1/],
    [{ samples: 10001 }, /samples must be at most 10,000/],
    [{ L: 129 }, /L must be at most 128/],
    [{ temperatures: undefined }, /give a temperature range or a list/],
    [{ range: { Tmin: 1, Tmax: 3, points: 3 } }, /a range or a list, not both/],
    [{ temperatures: undefined, range: { Tmin: 3, Tmax: 1, points: 3 } }, /empty or reversed/],
    [{ temperatures: [0] }, /T must be > 0/],
    [{ spacing: 0 }, /spacing must be at least 1 sweep/],
    [{ pilotSweeps: 50 }, /pilotSweeps must be at least 100/],
    [{ algorithm: 'wolff', B: 0.5 }, /Wolff cluster updates need B = 0/],
    [{ B: 0.5, symmetrize: true }, /symmetrize needs B = 0/],
    [{ L: 128, samples: 10000, temperatures: [1, 2] }, /would hold 313 MB of spins/]
  ])('refuses %o with a reason', (bad, message) => {
    expect(issues({ ...ok, ...bad })).toMatch(message)
  })
})

describe('replica exchange datasets', () => {
  it('L = 4, B = 0.1, T = 1.5: the samples hold both basins in their exact proportion (the plain chain from up does not)', () => {
    const temperatures = [3.5, 1.5, 2.0, 2.5, 3.0]
    const p: Partial<DatasetParams> = { L: 4, temperatures, B: 0.1, algorithm: 'heatbath', samples: 4000, pilotSweeps: 1000, equilibrationSweeps: 500 }
    const ex = isingEnumeration(4, 1.5, 1, 0.1)
    const { dataset, result } = run({ ...p, replicaExchange: true }, 13)
    expect(result).toMatchObject({ replicaExchange: true, count: 5 * 4000, stopped: false })
    // stored in the asked order
    expect(dataset.meta.temperatures).toEqual(temperatures)
    const at = (d: IsingDataset, T: number) => Array.from(d.m).filter((_, i) => d.T[i] === T)
    const m = at(dataset, 1.5)
    expect(m).toHaveLength(4000)
    const mean = m.reduce((a, b) => a + b, 0) / m.length
    const sd = Math.sqrt(m.reduce((a, b) => a + (b - mean) ** 2, 0) / (m.length - 1))
    // samples ~2τ apart are close to independent; 4 standard errors
    expect(Math.abs(mean - ex.magnetization)).toBeLessThan((4 * sd) / Math.sqrt(m.length))
    const plain = run(p, 13).dataset
    const mp = at(plain, 1.5)
    expect(mp.reduce((a, b) => a + b, 0) / mp.length - ex.magnetization).toBeGreaterThan(0.15)
  })

  it('the schema refuses replica exchange with Wolff or a single temperature', () => {
    const ok = { L: 8, samples: 10, temperatures: [2, 3] }
    expect(isingDatasetParams.safeParse({ ...ok, replicaExchange: true }).success).toBe(true)
    expect(isingDatasetParams.safeParse({ ...ok, replicaExchange: true, algorithm: 'wolff' }).success).toBe(false)
    expect(isingDatasetParams.safeParse({ ...ok, temperatures: [2], replicaExchange: true }).success).toBe(false)
  })
})
