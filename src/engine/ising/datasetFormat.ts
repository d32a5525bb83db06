// The stored form of an Ising dataset (format 'ising-dataset-v1'): what 'ising.dataset'
// writes and what the Boltzmann-machine and autoencoder panels read (Fig. 14 trains on
// such configurations across Tc). Four artifacts of one run, aligned by sample index i:
//   'dataset'    Int8Array(count·L²)  configuration i at [i·L², (i+1)·L²), row-major, ±1
//   'dataset.T'  Float64Array(count)  the temperature it was sampled at
//   'dataset.E'  Float64Array(count)  its energy per spin, Eq. 14 / N with the meta's J, B
//   'dataset.m'  Float64Array(count)  its magnetization per spin, Σσ / N
// The meta of 'dataset' says how it was made (L, count, J, B, the temperatures in order
// with the samples, spacing and τ_int of each). Samples are stored temperature by
// temperature, in the order of `temperatures`.

import { energy, magnetization } from './energy'

export const ISING_DATASET_FORMAT = 'ising-dataset-v1'

export const DATASET_ARTIFACTS = { spins: 'dataset', T: 'dataset.T', E: 'dataset.E', m: 'dataset.m' } as const

/** What the writer says about a dataset; the meta adds the format tag, L and count. */
export interface IsingDatasetInfo {
  J: number
  B: number
  /** Temperatures in storage order, and per temperature: samples stored, sweeps between two
   *  samples, τ_int of |m| and of E (in sweeps) from the pilot run. */
  temperatures: number[]
  counts: number[]
  spacing: number[]
  tau: number[]
  tauE: number[]
  /** Anything else the writer wants kept (algorithm, symmetrized, …). */
  [key: string]: unknown
}

export interface IsingDatasetMeta extends IsingDatasetInfo {
  format: typeof ISING_DATASET_FORMAT
  L: number
  count: number
}

export interface IsingDataset {
  L: number
  count: number
  /** count·L² spins, configuration i at [i·L², (i+1)·L²). */
  spins: Int8Array
  T: Float64Array
  E: Float64Array
  m: Float64Array
  meta: IsingDatasetMeta
}

/** An artifact as it comes to the reader: from a LocalRecord ({ data, meta }) or from the
 *  store's runs.artifact ({ data, info: { meta } }). */
export interface DatasetArtifactInput {
  data: unknown
  meta?: Record<string, unknown>
  info?: { meta?: Record<string, unknown> }
}

export interface EncodedArtifact {
  name: string
  data: Int8Array | Float64Array
  meta: Record<string, unknown>
}

function fail(msg: string): never {
  throw new Error(`Ising dataset: ${msg}`)
}

/** The four artifacts of a dataset, checked as decode would check them. */
export function encodeIsingDataset(d: Omit<IsingDataset, 'count' | 'meta'> & { meta: IsingDatasetInfo }): EncodedArtifact[] {
  const count = d.T.length
  const meta: IsingDatasetMeta = { ...d.meta, format: ISING_DATASET_FORMAT, L: d.L, count }
  checkShape(d.L, count, d.spins, d.T, d.E, d.m, meta)
  const of = { of: DATASET_ARTIFACTS.spins, format: ISING_DATASET_FORMAT, count }
  return [
    { name: DATASET_ARTIFACTS.spins, data: d.spins, meta },
    { name: DATASET_ARTIFACTS.T, data: d.T, meta: { ...of, quantity: 'temperature' } },
    { name: DATASET_ARTIFACTS.E, data: d.E, meta: { ...of, quantity: 'energy per spin (Eq. 14 / N)' } },
    { name: DATASET_ARTIFACTS.m, data: d.m, meta: { ...of, quantity: 'magnetization per spin' } }
  ]
}

/**
 * Read a dataset back from its artifacts (a Map or a record by name), checking everything a
 * consumer relies on: the format tag, the lengths (count·L² spins, count values of T, E, m),
 * spins ±1, T matching the meta's temperature blocks, and every stored m and E equal to the
 * one recomputed from its configuration. Throws an Error that says what is wrong.
 * `values: false` checks the format and the lengths only (O(1) work, for a quick refusal on a
 * thread that must not loop over the spins); the reader that uses the data checks the rest.
 */
export function decodeIsingDataset(
  artifacts: Map<string, DatasetArtifactInput> | Record<string, DatasetArtifactInput | undefined>,
  { values = true }: { values?: boolean } = {}
): IsingDataset {
  const get = (name: string): DatasetArtifactInput => {
    const a = artifacts instanceof Map ? artifacts.get(name) : Object.prototype.hasOwnProperty.call(artifacts, name) ? artifacts[name] : undefined
    if (!a) fail(`artifact '${name}' is missing (a dataset is the four artifacts ${Object.values(DATASET_ARTIFACTS).join(', ')})`)
    return a
  }
  const main = get(DATASET_ARTIFACTS.spins)
  const spins = typed(main, DATASET_ARTIFACTS.spins, Int8Array)
  const T = typed(get(DATASET_ARTIFACTS.T), DATASET_ARTIFACTS.T, Float64Array)
  const E = typed(get(DATASET_ARTIFACTS.E), DATASET_ARTIFACTS.E, Float64Array)
  const m = typed(get(DATASET_ARTIFACTS.m), DATASET_ARTIFACTS.m, Float64Array)
  const meta = readMeta(main.meta ?? main.info?.meta)
  checkShape(meta.L, meta.count, spins, T, E, m, meta)
  if (values) checkValues(meta, spins, T, E, m)
  return { L: meta.L, count: meta.count, spins, T, E, m, meta }
}

/** Configuration i of a decoded dataset (a view, not a copy). */
export function configuration(d: Pick<IsingDataset, 'L' | 'spins'>, i: number): Int8Array {
  const N = d.L * d.L
  return d.spins.subarray(i * N, (i + 1) * N)
}

function typed<C extends Int8ArrayConstructor | Float64ArrayConstructor>(a: DatasetArtifactInput, name: string, Ctor: C): InstanceType<C> {
  if (!(a.data instanceof Ctor)) {
    const got = a.data === null || typeof a.data !== 'object' ? typeof a.data : (a.data as object).constructor?.name
    fail(`artifact '${name}' must be of type ${Ctor.name} (got ${got})`)
  }
  return a.data as InstanceType<C>
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0

function numberList(meta: Record<string, unknown>, key: string, length: number): number[] {
  const v = meta[key]
  if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    fail(`meta.${key} must be a list of ${length} numbers (one per temperature)`)
  return v as number[]
}

function readMeta(raw: Record<string, unknown> | undefined): IsingDatasetMeta {
  if (!raw || typeof raw !== 'object') fail(`artifact '${DATASET_ARTIFACTS.spins}' has no meta`)
  if (raw.format !== ISING_DATASET_FORMAT) fail(`meta.format is ${JSON.stringify(raw.format)}, expected '${ISING_DATASET_FORMAT}'`)
  if (!isCount(raw.L) || raw.L < 2) fail(`meta.L must be an integer ≥ 2 (got ${JSON.stringify(raw.L)})`)
  if (!isCount(raw.count)) fail(`meta.count must be an integer ≥ 0 (got ${JSON.stringify(raw.count)})`)
  for (const k of ['J', 'B'])
    if (typeof raw[k] !== 'number' || !Number.isFinite(raw[k])) fail(`meta.${k} must be a finite number (got ${JSON.stringify(raw[k])})`)
  // empty when the run was stopped before its first temperature had a τ
  if (!Array.isArray(raw.temperatures)) fail('meta.temperatures must be a list')
  const n = raw.temperatures.length
  numberList(raw, 'temperatures', n)
  const counts = numberList(raw, 'counts', n)
  if (!counts.every(isCount)) fail('meta.counts must be whole numbers ≥ 0')
  const total = counts.reduce((s, c) => s + c, 0)
  if (total !== raw.count) fail(`meta.counts add up to ${total}, but meta.count is ${raw.count}`)
  numberList(raw, 'spacing', n)
  numberList(raw, 'tau', n)
  numberList(raw, 'tauE', n)
  return raw as IsingDatasetMeta
}

function checkShape(L: number, count: number, spins: Int8Array, T: Float64Array, E: Float64Array, m: Float64Array, meta: IsingDatasetMeta): void {
  const N = L * L
  if (spins.length !== count * N)
    fail(`'${DATASET_ARTIFACTS.spins}' holds ${spins.length} spins, expected count × L² = ${count} × ${N} = ${count * N} (truncated, or from another dataset?)`)
  for (const [name, a] of [
    [DATASET_ARTIFACTS.T, T],
    [DATASET_ARTIFACTS.E, E],
    [DATASET_ARTIFACTS.m, m]
  ] as const)
    if (a.length !== count) fail(`'${name}' has ${a.length} values, expected one per configuration (count = ${count})`)
  const total = meta.counts.reduce((s, c) => s + c, 0)
  if (total !== count) fail(`meta.counts add up to ${total}, but there are ${count} configurations`)
}

function checkValues(meta: IsingDatasetMeta, spins: Int8Array, T: Float64Array, E: Float64Array, m: Float64Array): void {
  const { L, J, B } = meta
  const N = L * L
  for (let i = 0; i < spins.length; i++)
    if (spins[i] !== 1 && spins[i] !== -1) fail(`spin ${i % N} of configuration ${Math.floor(i / N)} is ${spins[i]}; spins must be ±1`)
  let i = 0
  meta.temperatures.forEach((Tk, k) => {
    for (let c = 0; c < meta.counts[k]; c++, i++)
      if (T[i] !== Tk) fail(`'${DATASET_ARTIFACTS.T}'[${i}] is ${T[i]}, but the meta puts sample ${i} in the block of T = ${Tk}`)
  })
  for (let s = 0; s < meta.count; s++) {
    const config = spins.subarray(s * N, (s + 1) * N)
    const mi = magnetization(config) / N
    if (m[s] !== mi) fail(`'${DATASET_ARTIFACTS.m}'[${s}] is ${m[s]}, but configuration ${s} has m = ${mi}`)
    const ei = energy(config, L, J, B) / N
    if (E[s] !== ei) fail(`'${DATASET_ARTIFACTS.E}'[${s}] is ${E[s]}, but configuration ${s} has E/N = ${ei}`)
  }
}
