import { describe, expect, it } from 'vitest'
import { runSweepPoint, type SweepPointParams } from '../../../src/engine/ising/sweepPoint'
import { localContext } from '../../../src/engine/localContext'
import { kaufman } from '../../oracles/kaufman'

const base = { J: 1, B: 0, start: 'random', equilibrationSweeps: 1000, measurementSweeps: 20000 } as const

function run(p: Partial<SweepPointParams> & { L: number; T: number }, seed = 1) {
  const { ctx, record } = localContext(seed)
  const r = runSweepPoint({ ...base, algorithm: 'metropolis', ...p }, ctx)
  return { r: r as Record<string, number | boolean | string>, record }
}

/** Exact ⟨·⟩ at L = 4 from the joint density of states g(E, M) over all 2^16 states. */
function exactL4(T: number, J = 1, B = 0) {
  const L = 4
  const N = 16
  const acc = { z: 0, e: 0, e2: 0, m: 0, absM: 0, m2: 0, m4: 0 }
  const w: number[] = []
  const rows: [number, number][] = []
  for (let s = 0; s < 1 << N; s++) {
    let bonds = 0
    let M = 0
    for (let i = 0; i < N; i++) {
      const si = (s >> i) & 1 ? 1 : -1
      M += si
      const x = i % L
      const y = (i - x) / L
      const r = (s >> (y * L + ((x + 1) % L))) & 1 ? 1 : -1
      const d = (s >> (((y + 1) % L) * L + x)) & 1 ? 1 : -1
      bonds += si * r + si * d
    }
    rows.push([-J * bonds - B * M, M])
  }
  const emin = Math.min(...rows.map((r) => r[0]))
  for (const [E] of rows) w.push(Math.exp(-(E - emin) / T))
  rows.forEach(([E, M], k) => {
    const p = w[k]
    const e = E / N
    const m = M / N
    acc.z += p
    acc.e += p * e
    acc.e2 += p * e * e
    acc.m += p * m
    acc.absM += p * Math.abs(m)
    acc.m2 += p * m * m
    acc.m4 += p * m ** 4
  })
  const a = (x: number) => x / acc.z
  const e = a(acc.e)
  const absM = a(acc.absM)
  const m2 = a(acc.m2)
  return {
    e,
    m: a(acc.m),
    absM,
    C: (N * (a(acc.e2) - e * e)) / (T * T),
    chi: (N * (m2 - absM * absM)) / T,
    U4: 1 - a(acc.m4) / (3 * m2 * m2)
  }
}

const pull = (r: Record<string, number | boolean | string>, key: string, exact: number) => (Number(r[key]) - exact) / Number(r[key + 'Err'])

describe('runSweepPoint against exact results', () => {
  it.each([
    [16, 2.0],
    [16, 2.269],
    [16, 2.6],
    [32, 2.0],
    [32, 2.269],
    [32, 2.6]
  ])('Metropolis L = %i, T = %f: ⟨E⟩/N and C within 3σ of Kaufman', (L, T) => {
    const { r } = run({ L, T }, 1000 + L)
    const k = kaufman(L, T)
    expect(Math.abs(pull(r, 'e', k.energyPerSpin))).toBeLessThan(3)
    expect(Math.abs(pull(r, 'C', k.specificHeat))).toBeLessThan(3)
    // and the error bars are small enough for this to mean something
    expect(Number(r.eErr)).toBeLessThan(0.006)
    expect(Number(r.CErr)).toBeLessThan(0.06 * k.specificHeat)
    expect(r.converged).toBe(true)
  })

  it.each(['wolff', 'heatbath'] as const)('%s, L = 16 at T = 2.269: ⟨E⟩/N and C within 3σ of Kaufman', (algorithm) => {
    const { r } = run({ L: 16, T: 2.269, algorithm, measurementSweeps: algorithm === 'wolff' ? 10000 : 30000 }, 7)
    const k = kaufman(16, 2.269)
    expect(Math.abs(pull(r, 'e', k.energyPerSpin))).toBeLessThan(3)
    expect(Math.abs(pull(r, 'C', k.specificHeat))).toBeLessThan(3)
    expect(Number(r.eErr)).toBeLessThan(0.006)
    if (algorithm === 'wolff') {
      // near Tc a cluster holds a sizeable fraction of the 256 spins: a few clusters per sweep
      expect(Number(r.meanClusterSize)).toBeGreaterThan(50)
      expect(Number(r.clustersPerSweep) * Number(r.meanClusterSize)).toBeGreaterThan(0.9 * 256)
      expect(Number(r.clustersPerSweep) * Number(r.meanClusterSize)).toBeLessThan(1.1 * 256)
      // and decorrelates far faster than Metropolis
      expect(Number(r.tauIntAbsM)).toBeLessThan(5)
    }
  })

  it('L = 4 at Tc: e, |m|, χ, C, U4 within 3σ of exact enumeration (B = 0); e, m with B = 0.3', () => {
    const T = 2.269
    const ex = exactL4(T)
    const { r } = run({ L: 4, T, measurementSweeps: 40000 }, 3)
    for (const key of ['e', 'absM', 'chi', 'C', 'U4'] as const) expect(Math.abs(pull(r, key, ex[key]))).toBeLessThan(3)
    const exB = exactL4(T, 1, 0.3)
    const { r: rB } = run({ L: 4, T, B: 0.3, measurementSweeps: 40000 }, 4)
    expect(Math.abs(pull(rB, 'e', exB.e))).toBeLessThan(3)
    expect(Math.abs(pull(rB, 'm', exB.m))).toBeLessThan(3)
    expect(exB.m).toBeGreaterThan(0.3) // positive B favours +1
  })
})

describe('error bars are honest (20 seeds)', () => {
  it('L = 8, T = 2.269, Metropolis: Kaufman ⟨E⟩/N and C inside ±1σ for 50–85% of seeds', () => {
    const k = kaufman(8, 2.269)
    let inE = 0
    let inC = 0
    for (let seed = 1; seed <= 20; seed++) {
      const { r } = run({ L: 8, T: 2.269, measurementSweeps: 40000 }, seed)
      if (Math.abs(pull(r, 'e', k.energyPerSpin)) < 1) inE++
      if (Math.abs(pull(r, 'C', k.specificHeat)) < 1) inC++
    }
    expect(inE).toBeGreaterThanOrEqual(10)
    expect(inE).toBeLessThanOrEqual(17)
    expect(inC).toBeGreaterThanOrEqual(10)
    expect(inC).toBeLessThanOrEqual(17)
  })

  it('L = 4, T = 2.269: exact |m|, χ and U4 inside ±1σ for 50–85% of seeds (jackknife on real MC data)', () => {
    const ex = exactL4(2.269)
    const inside = { absM: 0, chi: 0, U4: 0 }
    for (let seed = 1; seed <= 20; seed++) {
      const { r } = run({ L: 4, T: 2.269, measurementSweeps: 5000 }, 100 + seed)
      for (const key of ['absM', 'chi', 'U4'] as const) if (Math.abs(pull(r, key, ex[key])) < 1) inside[key]++
    }
    for (const key of ['absM', 'chi', 'U4'] as const) {
      expect(inside[key]).toBeGreaterThanOrEqual(10)
      expect(inside[key]).toBeLessThanOrEqual(17)
    }
  })
})

describe('runSweepPoint as a job', () => {
  it('emits a decimated series, reports progress, stores the final lattice', () => {
    const { r, record } = run({ L: 8, T: 2.5, equilibrationSweeps: 500, measurementSweeps: 5000, maxRows: 100 })
    expect(record.rows.length).toBeLessThanOrEqual(100)
    expect(record.rows.length).toBeGreaterThanOrEqual(90)
    expect(Object.keys(record.rows[0]).sort()).toEqual(['absM', 'e', 'equilibrating', 'm'])
    expect(record.steps.at(-1)).toBe(5500)
    expect(record.progress).toBe(1)
    const lat = record.artifacts.get('lattice')
    expect(lat?.data.length).toBe(64)
    expect(lat?.meta).toEqual({ L: 8, T: 2.5 })
    expect(Array.from(lat!.data).every((s) => s === 1 || s === -1)).toBe(true)
    expect(r.n).toBe(5000)
    expect(r.measurementSweeps).toBe(5000)
    expect(r.stopped).toBe(false)
  })

  it('measureEvery thins the measurements; τ is then in measurements', () => {
    const a = run({ L: 16, T: 2.269, measurementSweeps: 8000 }, 5).r
    const b = run({ L: 16, T: 2.269, measurementSweeps: 8000, measureEvery: 4 }, 5).r
    expect(b.n).toBe(2000)
    expect(b.measureEvery).toBe(4)
    expect(Number(b.tauIntAbsM)).toBeLessThan(Number(a.tauIntAbsM))
  })

  it('a stop request ends the run early with the measurements so far', () => {
    const { ctx } = localContext(1, { controls: [...Array(1500).fill(null), 'stop'] })
    const r = runSweepPoint({ ...base, L: 8, T: 2.5, algorithm: 'metropolis', equilibrationSweeps: 500, measurementSweeps: 5000 }, ctx)
    expect(r.stopped).toBe(true)
    expect(r.equilibrationSweeps).toBe(500)
    expect(r.measurementSweeps).toBe(1000)
    expect(r.n).toBe(1000)
  })

  it('starts from a given lattice: all up at T = 1 with no equilibration stays magnetized', () => {
    const initial = new Int8Array(256).fill(1)
    const { r } = run({ L: 16, T: 1, initial, equilibrationSweeps: 0, measurementSweeps: 200, start: 'down' })
    expect(Number(r.m)).toBeGreaterThan(0.99)
  })

  it('is deterministic for a seed', () => {
    const a = run({ L: 8, T: 2.3, measurementSweeps: 2000 }, 9).r
    const b = run({ L: 8, T: 2.3, measurementSweeps: 2000 }, 9).r
    expect(a).toEqual(b)
    const c = run({ L: 8, T: 2.3, measurementSweeps: 2000 }, 10).r
    expect(c.e).not.toBe(a.e)
  })

  it('rejects bad sweep counts', () => {
    const { ctx } = localContext(1)
    expect(() => runSweepPoint({ ...base, L: 8, T: 2, algorithm: 'metropolis', measurementSweeps: -1 }, ctx)).toThrow()
    expect(() => runSweepPoint({ ...base, L: 8, T: 2, algorithm: 'metropolis', measureEvery: 0 }, ctx)).toThrow()
  })
})
