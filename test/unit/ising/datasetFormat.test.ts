// The stored dataset format: a hand-made 2×2 dataset with hand-computed energies goes
// through encode → decode unchanged, and decode refuses every kind of damaged input with
// a message that says what is wrong.
import { describe, expect, it } from 'vitest'
import {
  configuration,
  DATASET_ARTIFACTS,
  decodeIsingDataset,
  encodeIsingDataset,
  ISING_DATASET_FORMAT,
  type DatasetArtifactInput
} from '../../../src/engine/ising/datasetFormat'

// L = 2 periodic: each site's left and right neighbour are the same site, counted twice,
// so Σ<ij>σiσj runs over 2N = 8 bonds. With J = 1, B = 0.5:
//   all up      [+ + / + +]: bonds +8, M = +4 → E = −8 − 2 = −10 → e = −2.5,  m = 1
//   checkerboard[+ − / − +]: bonds −8, M =  0 → E = +8      → e = +2,    m = 0
//   stripes     [+ + / − −]: bonds  0, M =  0 → E =  0      → e =  0,    m = 0
//   all down    [− − / − −]: bonds +8, M = −4 → E = −8 + 2 = −6 → e = −1.5, m = −1
const configs = [
  [1, 1, 1, 1],
  [1, -1, -1, 1],
  [1, 1, -1, -1],
  [-1, -1, -1, -1]
]
const handE = [-2.5, 2, 0, -1.5]
const handM = [1, 0, 0, -1]

function handMade() {
  return encodeIsingDataset({
    L: 2,
    spins: Int8Array.from(configs.flat()),
    T: Float64Array.of(1.5, 1.5, 3, 3),
    E: Float64Array.from(handE),
    m: Float64Array.from(handM),
    meta: { J: 1, B: 0.5, temperatures: [1.5, 3], counts: [2, 2], spacing: [1, 2], tau: [0.5, 0.7], tauE: [0.5, 0.6], algorithm: 'metropolis' }
  })
}

function asMap(list: ReturnType<typeof handMade>): Map<string, DatasetArtifactInput> {
  return new Map(list.map((a) => [a.name, { data: a.data, meta: a.meta }]))
}

describe('encodeIsingDataset / decodeIsingDataset', () => {
  it('encodes four aligned artifacts with the format meta', () => {
    const list = handMade()
    expect(list.map((a) => a.name)).toEqual(['dataset', 'dataset.T', 'dataset.E', 'dataset.m'])
    expect(list[0].data).toBeInstanceOf(Int8Array)
    expect(list[0].meta).toMatchObject({ format: ISING_DATASET_FORMAT, L: 2, count: 4, temperatures: [1.5, 3], counts: [2, 2] })
    for (const a of list.slice(1)) expect(a.data).toBeInstanceOf(Float64Array)
  })

  it('round-trips: decode gives back the same spins, T, E, m and meta', () => {
    const d = decodeIsingDataset(asMap(handMade()))
    expect(d.L).toBe(2)
    expect(d.count).toBe(4)
    expect(Array.from(d.spins)).toEqual(configs.flat())
    expect(Array.from(d.T)).toEqual([1.5, 1.5, 3, 3])
    expect(Array.from(d.E)).toEqual(handE)
    expect(Array.from(d.m)).toEqual(handM)
    expect(d.meta.spacing).toEqual([1, 2])
    expect(d.meta.algorithm).toBe('metropolis')
    expect(Array.from(configuration(d, 2))).toEqual(configs[2])
  })

  it('reads the store shape ({ data, info: { meta } }) and a plain record too', () => {
    const record: Record<string, DatasetArtifactInput> = {}
    for (const a of handMade()) record[a.name] = { data: a.data, info: { meta: JSON.parse(JSON.stringify(a.meta)) } }
    expect(decodeIsingDataset(record).count).toBe(4)
  })

  it('a dataset with no samples is valid', () => {
    const list = encodeIsingDataset({
      L: 3,
      spins: new Int8Array(0),
      T: new Float64Array(0),
      E: new Float64Array(0),
      m: new Float64Array(0),
      meta: { J: 1, B: 0, temperatures: [2], counts: [0], spacing: [4], tau: [1.2], tauE: [1], algorithm: 'wolff' }
    })
    expect(decodeIsingDataset(asMap(list)).count).toBe(0)
  })

  it('encode refuses misaligned arrays', () => {
    expect(() =>
      encodeIsingDataset({
        L: 2,
        spins: new Int8Array(12),
        T: new Float64Array(4),
        E: new Float64Array(4),
        m: new Float64Array(4),
        meta: { J: 1, B: 0, temperatures: [1], counts: [4], spacing: [1], tau: [1], tauE: [1] }
      })
    ).toThrow(/holds 12 spins, expected count × L² = 4 × 4 = 16/)
  })
})

describe('decodeIsingDataset refuses damaged datasets with clear messages', () => {
  type Damage = (m: Map<string, DatasetArtifactInput>) => void
  const meta = (m: Map<string, DatasetArtifactInput>) => m.get('dataset')!.meta!
  const cases: [string, Damage, RegExp][] = [
    ['a missing artifact', (m) => m.delete(DATASET_ARTIFACTS.E), /artifact 'dataset.E' is missing/],
    ['truncated configurations', (m) => (m.get('dataset')!.data = (m.get('dataset')!.data as Int8Array).subarray(0, 12)), /'dataset' holds 12 spins, expected count × L² = 4 × 4 = 16 \(truncated/],
    ['a short T', (m) => (m.get('dataset.T')!.data = Float64Array.of(1.5, 1.5, 3)), /'dataset.T' has 3 values, expected one per configuration \(count = 4\)/],
    ['a long m', (m) => (m.get('dataset.m')!.data = new Float64Array(5)), /'dataset.m' has 5 values/],
    ['the wrong array type', (m) => (m.get('dataset.E')!.data = Float32Array.from(handE)), /'dataset.E' must be of type Float64Array \(got Float32Array\)/],
    ['spins given as numbers', (m) => (m.get('dataset')!.data = configs.flat()), /'dataset' must be of type Int8Array \(got Array\)/],
    ['another format', (m) => (meta(m).format = 'ising-dataset-v0'), /meta.format is "ising-dataset-v0", expected 'ising-dataset-v1'/],
    ['no meta', (m) => delete m.get('dataset')!.meta, /has no meta/],
    ['counts that do not add up', (m) => (meta(m).counts = [2, 1]), /meta.counts add up to 3, but meta.count is 4/],
    ['a per-temperature list of the wrong length', (m) => (meta(m).spacing = [1]), /meta.spacing must be a list of 2 numbers/],
    ['a spin that is not ±1', (m) => ((m.get('dataset')!.data as Int8Array)[5] = 0), /spin 1 of configuration 1 is 0; spins must be ±1/],
    ['T out of its block', (m) => ((m.get('dataset.T')!.data as Float64Array)[2] = 1.5), /'dataset.T'\[2\] is 1.5, but the meta puts sample 2 in the block of T = 3/],
    ['an m that is not its configuration’s', (m) => ((m.get('dataset.m')!.data as Float64Array)[3] = 1), /'dataset.m'\[3\] is 1, but configuration 3 has m = -1/],
    ['an E that is not its configuration’s', (m) => ((m.get('dataset.E')!.data as Float64Array)[1] = 0), /'dataset.E'\[1\] is 0, but configuration 1 has E\/N = 2/],
    ['configurations swapped against E and m', (m) => {
      const s = m.get('dataset')!.data as Int8Array
      const first = s.slice(0, 4)
      s.copyWithin(0, 4, 8)
      s.set(first, 4)
    }, /'dataset.m'\[0\] is 1, but configuration 0 has m = 0/]
  ]
  for (const [what, damage, message] of cases) {
    it(`refuses ${what}`, () => {
      const m = asMap(handMade())
      // decode must not see the intact copies: copy the arrays before damaging
      for (const v of m.values()) v.data = (v.data as Int8Array | Float64Array).slice()
      m.get('dataset')!.meta = JSON.parse(JSON.stringify(m.get('dataset')!.meta))
      damage(m)
      expect(() => decodeIsingDataset(m)).toThrow(message)
      expect(() => decodeIsingDataset(m)).toThrow(/^Ising dataset: /)
    })
  }
})
