import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRng } from '../../src/engine/rng'
import { openRunStore, type RunStore } from '../../src/main/store/runStore'
import { MAX_BLOB_BYTES } from '../../src/main/store/limits'
import { LabError } from '../../src/shared/errors'
import { batchOf, type MetricBatch } from '../../src/shared/metrics'
import type { TypedArray } from '../../src/shared/types'

let dir: string
let file: string
const opened: RunStore[] = []
const raws: Database.Database[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'physml-store-'))
  file = join(dir, 'runs.sqlite')
})
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
  for (const r of raws.splice(0)) r.close()
  rmSync(dir, { recursive: true, force: true })
})

function open(extra: { now?: () => Date; flushThreshold?: number } = {}): RunStore {
  const s = openRunStore({ file, appVersion: '0.1.0-test', ...extra })
  opened.push(s)
  return s
}
/** A second, independent connection: the truth about what is on disk. */
function raw(): Database.Database {
  const r = new Database(file)
  raws.push(r)
  return r
}
function count(sql: string, ...args: unknown[]): number {
  return Number(raw().prepare(sql).pluck().get(...args))
}
function labError(fn: () => unknown): LabError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    return err as LabError
  }
  throw new Error('expected a LabError')
}
/** Element-wise identity, NaN equal to NaN and -0 distinct from 0. */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`index ${i}: ${actual[i]} !== ${expected[i]}`)
  }
}
const params = { L: 16, temperature: 2.269, sweeps: 100 }

describe('metrics', () => {
  it('stores 50 000 points appended in batches and reads them back exactly', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'big', params, seed: 1 })
    const rng = createRng(42, 0)
    const n = 24_752 // 2 dense series + one every 50 steps = 50 000 points
    const e = new Float64Array(n)
    const m = new Float64Array(n)
    const acc = new Float64Array(n).fill(NaN)
    let points = 0
    for (let start = 0; start < n; start += 550) {
      // A worker starts a new batch when the keys change: here a dense one and a sparse one.
      const steps: number[] = []
      const rows: Record<string, number>[] = []
      const sparseSteps: number[] = []
      const sparse: Record<string, number>[] = []
      for (let s = start; s < Math.min(n, start + 550); s++) {
        e[s] = rng.normal() * 1e3
        m[s] = rng.uniform() * 2 - 1
        steps.push(s)
        rows.push({ energy: e[s], magnetization: m[s] })
        points += 2
        if (s % 50 === 0) {
          sparseSteps.push(s)
          sparse.push({ acceptance: (acc[s] = rng.uniform()) })
          points++
        }
      }
      store.appendBatch(id, batchOf(steps, rows))
      store.appendBatch(id, batchOf(sparseSteps, sparse))
    }
    expect(points).toBe(50_000)
    // The 20 000-point threshold flushed on its own; the rest waits for flush().
    const written = count('SELECT count(*) FROM points')
    const pending = store.pendingPoints(id)
    expect(written).toBeGreaterThanOrEqual(40_000)
    expect(pending).toBeGreaterThan(0)
    expect(written + pending).toBe(50_000)
    expect(store.flush()).toBe(pending)
    expect(count('SELECT count(*) FROM points')).toBe(50_000)
    expect(count('SELECT count(*) FROM series WHERE run_id = ?', id)).toBe(3)

    const data = store.getSeries(id)
    expectSame(data.steps, Float64Array.from({ length: n }, (_, i) => i))
    expect(Object.keys(data.values).sort()).toEqual(['acceptance', 'energy', 'magnetization'])
    expectSame(data.values.energy, e)
    expectSame(data.values.magnetization, m)
    expectSame(data.values.acceptance, acc)
    expect(store.getRun(id).series).toEqual(['acceptance', 'energy', 'magnetization'])
  })

  it('aligns series on the union of their steps, NaN where missing, and filters by name', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'ragged', params, seed: 1 })
    // Out of order across calls on purpose: the read must sort.
    store.appendBatch(id, batchOf([4, 0, 2], [{ a: 40 }, { a: 0 }, { a: 20 }]))
    store.appendBatch(id, batchOf([3, 1, 2], [{ b: -3 }, { b: -1 }, { b: -2 }]))
    const d = store.getSeries(id)
    expectSame(d.steps, [0, 1, 2, 3, 4])
    expectSame(d.values.a, [0, NaN, 20, NaN, 40])
    expectSame(d.values.b, [NaN, -1, -2, -3, NaN])
    const onlyB = store.getSeries(id, ['b', 'nonexistent'])
    expect(Object.keys(onlyB.values)).toEqual(['b'])
    expectSame(onlyB.steps, [1, 2, 3])
    expectSame(onlyB.values.b, [-1, -2, -3])
    expect(store.getSeries(id, []).steps.length).toBe(0)
  })

  it('keeps NaN and ±Infinity, and a repeated step replaces the value', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'odd values', params, seed: 1 })
    store.appendBatch(id, batchOf([0, 1, 2, 3], [{ x: NaN }, { x: Infinity }, { x: -Infinity }, { x: -0.5 }]))
    store.appendBatch(id, batchOf([3], [{ x: 7 }]))
    expectSame(store.getSeries(id).values.x, [NaN, Infinity, -Infinity, 7])
  })

  it('decimates evenly to maxPoints, keeping the first and last step', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'long', params, seed: 1 })
    const steps = Array.from({ length: 1000 }, (_, i) => i * 3)
    store.appendBatch(id, batchOf(steps, steps.map((s) => ({ y: s * s, z: 1 - s }))))
    const d = store.getSeries(id, undefined, 10)
    // index round(i·999/9) = 0, 111, 222, ..., 999 → step 3·index
    const idx = [0, 111, 222, 333, 444, 555, 666, 777, 888, 999]
    expectSame(d.steps, idx.map((i) => 3 * i))
    expectSame(d.values.y, idx.map((i) => 9 * i * i))
    expectSame(d.values.z, idx.map((i) => 1 - 3 * i))
    const odd = store.getSeries(id, ['y'], 7) // 999/6 = 166.5: rounding must stay strictly increasing
    expectSame(odd.steps, [0, 167, 333, 500, 666, 833, 999].map((i) => 3 * i))
    expectSame(store.getSeries(id, ['y'], 1).steps, [2997])
    expect(store.getSeries(id, ['y'], 1000).steps.length).toBe(1000)
    expect(store.getSeries(id, ['y'], 5000).steps.length).toBe(1000)
    expect(store.getSeries(id, ['y'], 0).steps.length).toBe(1000)
  })

  it('refuses a malformed batch as a whole, and metrics for an unknown run', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'strict', params, seed: 1 })
    // As a batch arrives from another thread: nothing about it is taken on trust.
    const raw = (steps: unknown, keys: unknown, values: unknown): unknown => ({ steps, keys, values })
    const f64 = (...v: number[]) => Float64Array.from(v)
    const refusals: [unknown, RegExp][] = [
      [raw(f64(0, 1), ['a'], f64(1)), /2 steps of 1 series need 2 values, not 1/],
      [raw(f64(0, 1.5), ['a'], f64(1, 2)), /step 1.5 at index 1 is not an integer/],
      [raw(f64(0, 1), ['a'], [1, '2']), /Float64Arrays/],
      [raw([0], ['a'], f64(1)), /Float64Arrays/],
      [raw(f64(0), ['x'.repeat(65)], f64(1)), /1\.\.64 characters/],
      [raw(f64(0), [7], f64(1)), /series name '7'/],
      [raw(f64(0), ['a', 'a'], f64(1, 2)), /'a' appears twice/],
      [raw(f64(0), 'a', f64(1)), /keys must be an array/],
      [null, /not an object/]
    ]
    for (const [batch, why] of refusals) {
      const e = labError(() => store.appendBatch(id, batch as MetricBatch))
      expect(e.code).toBe('invalid')
      expect(e.message).toMatch(why)
    }
    expect(store.pendingPoints()).toBe(0) // the valid first rows of those batches were not kept
    const e = labError(() => store.appendBatch(999, batchOf([0], [{ a: 1 }])))
    expect(e.code).toBe('not_found')
    expect(e.message).toBe('run 999 not found')
  })

  it('finishRun writes the run’s buffered metrics first', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'f', params, seed: 1 })
    store.appendBatch(id, batchOf([0, 1, 2], [{ a: 1 }, { a: 2 }, { a: 3 }]))
    expect(count('SELECT count(*) FROM points')).toBe(0)
    store.finishRun(id, { status: 'done', result: { energy: -1.5 } })
    expect(count('SELECT count(*) FROM points')).toBe(3)
    expect(store.pendingPoints()).toBe(0)
  })
})

describe('artifacts', () => {
  const cases: [string, TypedArray][] = [
    ['i8', Int8Array.from([-128, -1, 0, 1, 127, 5, -7])], // 7 bytes
    ['u8', Uint8Array.from([0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])], // 13 bytes
    ['i32', Int32Array.from([-(2 ** 31), 2 ** 31 - 1, 0, -1, 12345])],
    ['u32', Uint32Array.from([0, 2 ** 32 - 1, 7])],
    ['f32', Float32Array.from([0.1, -0, NaN, Infinity, -Infinity, 3.4e38, 1e-45, 1, 2])],
    ['f64', Float64Array.from([Math.PI, -0, NaN, Number.MIN_VALUE])],
    ['empty', new Float64Array(0)],
    // Views that are windows on larger buffers, at offsets a Float64Array cannot start from.
    ['f64 view', new Float64Array(new ArrayBuffer(48), 8, 3).fill(2.5)],
    ['f32 at offset 4', new Float32Array(new ArrayBuffer(20), 4, 3).fill(-1.25)],
    ['u8 window', Uint8Array.from([9, 8, 7, 6, 5]).subarray(1, 4)]
  ]

  it('refuses, with its size, an artifact larger than one database value can hold', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'too big', params, seed: 1 })
    // Never touched, so the pages of this half gigabyte are not even allocated.
    const e = labError(() => store.putArtifact(id, 'huge', new Uint8Array(MAX_BLOB_BYTES + 1)))
    expect(e.code).toBe('invalid')
    expect(e.message).toBe(`artifact 'huge' of run ${id} is ${MAX_BLOB_BYTES + 1} bytes, more than the ${MAX_BLOB_BYTES} one value of the database can hold`)
    expect(store.getRun(id).artifacts).toEqual([])
  })

  it('round-trips every typed-array type, odd lengths and offset views included', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'arts', params, seed: 1 })
    for (const [name, data] of cases) store.putArtifact(id, name, data, { source: name, shape: [data.length] })
    for (const [name, data] of cases) {
      const got = store.getArtifact(id, name)
      expect(got.data.constructor).toBe(data.constructor)
      expect(got.data.byteOffset % got.data.BYTES_PER_ELEMENT).toBe(0)
      expectSame(got.data, data)
      expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength)).toEqual(
        Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      )
      expect(got.info).toEqual({ name, type: data.constructor.name, length: data.length, meta: { source: name, shape: [data.length] } })
    }
    // Only the view's bytes were stored, not its whole buffer.
    expect(count(`SELECT length(data) FROM artifacts WHERE name = 'f64 view'`)).toBe(24)
    const infos = store.getRun(id).artifacts
    expect(infos.map((a) => [a.name, a.type, a.length])).toEqual(
      [...cases].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([n, d]) => [n, d.constructor.name, d.length])
    )
  })

  it('replaces an artifact of the same name and refuses what it cannot store', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'arts', params, seed: 1 })
    store.putArtifact(id, 'lattice', Int8Array.from([1, -1]))
    store.putArtifact(id, 'lattice', Float32Array.from([0.5]), { T: 2 })
    const got = store.getArtifact(id, 'lattice')
    expect(got.data).toBeInstanceOf(Float32Array)
    expectSame(got.data, [0.5])
    expect(got.info.meta).toEqual({ T: 2 })
    const bad = [new DataView(new ArrayBuffer(4)), [1, 2, 3], new BigInt64Array(2), new Uint16Array(2)]
    for (const b of bad) expect(labError(() => store.putArtifact(id, 'x', b as unknown as TypedArray)).code).toBe('invalid')
    expect(labError(() => store.putArtifact(id, '', new Uint8Array(1))).code).toBe('invalid')
    expect(labError(() => store.getArtifact(id, 'missing')).code).toBe('not_found')
    expect(labError(() => store.putArtifact(12345, 'x', new Uint8Array(1))).code).toBe('not_found')
  })
})

describe('runs', () => {
  it('stores params that carry bytes (a Hopfield library) as the numbers they are', () => {
    const store = open()
    const patterns = [Int8Array.from([1, -1, 1, -1]), Int8Array.from([-1, -1, 1, 1])]
    const id = store.createRun({ kind: 'hopfield.recall', params: { width: 2, height: 2, patterns }, seed: 1 })
    expect(store.getRun(id).params).toEqual({ width: 2, height: 2, patterns: [[1, -1, 1, -1], [-1, -1, 1, 1]] })
    expect(labError(() => store.createRun({ kind: 'k', params: { x: Float64Array.of(1, NaN) }, seed: 1 })).code).toBe('invalid')
  })

  it('creates, finishes, lists newest first, hides scratch runs, filters by kind', () => {
    let t = Date.parse('2025-01-01T00:00:00.000Z')
    const store = open({ now: () => new Date(t) })
    const a = store.createRun({ kind: 'ising', name: 'sweep A', params, seed: 11 })
    t += 1000
    const b = store.createRun({ kind: 'hopfield', name: 'recall', params: { n: 64 }, seed: 12 })
    t += 1000
    const c = store.createRun({ kind: 'ising', name: 'live', params, seed: 13, kept: false })
    t += 2500
    const done = store.finishRun(a, { status: 'done', result: { meanEnergy: -1.75, converged: true } })
    expect(done).toMatchObject({ id: a, status: 'done', finishedAt: '2025-01-01T00:00:04.500Z', durationSeconds: 4.5, error: null })
    store.finishRun(b, { status: 'failed', error: 'diverged at step 9' })
    t += 500
    expect(store.listRuns().map((r) => r.id)).toEqual([b, a])
    expect(store.listRuns({ includeScratch: true }).map((r) => r.id)).toEqual([c, b, a])
    expect(store.listRuns({ kind: 'ising', includeScratch: true }).map((r) => r.id)).toEqual([c, a])
    expect(store.listRuns({ includeScratch: true, limit: 1 }).map((r) => r.id)).toEqual([c])
    const live = store.listRuns({ includeScratch: true })[0]
    expect(live).toEqual({
      id: c,
      kind: 'ising',
      name: 'live',
      status: 'running',
      seed: 13,
      kept: false,
      createdAt: '2025-01-01T00:00:02.000Z',
      finishedAt: null,
      durationSeconds: 3, // still running: up to now
      error: null,
      tags: [],
      starred: false,
      bytes: null // set when it ends
    })
    expect(store.listRuns()[0]).toMatchObject({ status: 'failed', error: 'diverged at step 9', durationSeconds: 3.5 })

    store.log(a, 'T crossed Tc')
    const detail = store.getRun(a)
    expect(detail).toMatchObject({
      id: a,
      params,
      result: { meanEnergy: -1.75, converged: true },
      appVersion: '0.1.0-test',
      series: [],
      artifacts: [],
      log: [{ at: '2025-01-01T00:00:05.000Z', message: 'T crossed Tc' }]
    })
    expect(store.getRun(c).result).toBeNull()
    expect(labError(() => store.finishRun(a, { status: 'cancelled' })).code).toBe('conflict')
    expect(labError(() => store.finishRun(c, { status: 'running' as 'done' })).code).toBe('invalid')
  })

  it('validates what it stores', () => {
    const store = open()
    const bad = [
      { kind: '', name: 'x', params, seed: 1 },
      { kind: 'ising', name: '   ', params, seed: 1 },
      { kind: 'ising', name: 'x', params, seed: -1 },
      { kind: 'ising', name: 'x', params, seed: 2 ** 32 },
      { kind: 'ising', name: 'x', params: [1, 2] as unknown as Record<string, unknown>, seed: 1 },
      { kind: 'ising', name: 'x', params: { T: NaN }, seed: 1 }
    ]
    for (const input of bad) expect(labError(() => store.createRun(input)).code).toBe('invalid')
    expect(store.listRuns({ includeScratch: true })).toEqual([])
    const id = store.createRun({ kind: 'ising', params, seed: 0 })
    expect(store.getRun(id).name).toBe('ising')
    expect(store.createRun({ kind: 'ising', name: '  trimmed  ', params, seed: 0 })).toBe(id + 1)
    expect(store.getRun(id + 1).name).toBe('trimmed')
  })

  it('renames, keeps a scratch run, and deletes with cascade', () => {
    const store = open()
    const a = store.createRun({ kind: 'ising', name: 'a', params, seed: 1 })
    const b = store.createRun({ kind: 'ising', name: 'b', params, seed: 2, kept: false })
    for (const id of [a, b]) {
      store.appendBatch(id, batchOf([0, 1], [{ e: 1, m: 2 }, { e: 3, m: 4 }]))
      store.putArtifact(id, 'lattice', new Int8Array(64).fill(1))
      store.log(id, 'hello')
      store.finishRun(id, { status: 'done', result: {} })
    }
    expect(store.rename(a, 'renamed').name).toBe('renamed')
    expect(labError(() => store.rename(a, '')).code).toBe('invalid')
    expect(labError(() => store.rename(77, 'x')).code).toBe('not_found')
    expect(store.keep(b, 'now kept')).toMatchObject({ id: b, kept: true, name: 'now kept' })
    expect(store.listRuns().map((r) => r.id)).toEqual([b, a])

    store.deleteRun(a)
    const e = labError(() => store.getRun(a))
    expect(e).toMatchObject({ code: 'not_found', message: `run ${a} not found` })
    for (const table of ['series', 'artifacts', 'run_log']) expect(count(`SELECT count(*) FROM ${table} WHERE run_id = ?`, a)).toBe(0)
    expect(count('SELECT count(*) FROM points')).toBe(4) // only b's 2 steps × 2 series remain
    expect(store.getSeries(b).values.e).toEqual(Float64Array.from([1, 3]))
    expect(labError(() => store.deleteRun(a)).code).toBe('not_found')
    expect(store.integrityCheck()).toBe('ok')
  })

  it('refuses to delete a running run; deleteScratchRuns spares running and kept runs', () => {
    const store = open()
    const running = store.createRun({ kind: 'ising', name: 'r', params, seed: 1, kept: false })
    const ended = store.createRun({ kind: 'ising', name: 'e', params, seed: 1, kept: false })
    const kept = store.createRun({ kind: 'ising', name: 'k', params, seed: 1 })
    store.appendBatch(ended, batchOf([0], [{ a: 1 }]))
    store.finishRun(ended, { status: 'cancelled' })
    store.finishRun(kept, { status: 'done' })
    expect(labError(() => store.deleteRun(running)).code).toBe('conflict')
    expect(store.deleteScratchRuns()).toBe(1)
    expect(store.listRuns({ includeScratch: true }).map((r) => r.id)).toEqual([kept, running])
    expect(count('SELECT count(*) FROM points')).toBe(0)
  })

  it('gives unknown and invalid run ids clear errors from every method', () => {
    const store = open()
    const calls: [string, (id: number) => unknown][] = [
      ['getRun', (id) => store.getRun(id)],
      ['getSeries', (id) => store.getSeries(id)],
      ['finishRun', (id) => store.finishRun(id, { status: 'done' })],
      ['rename', (id) => store.rename(id, 'x')],
      ['keep', (id) => store.keep(id)],
      ['deleteRun', (id) => store.deleteRun(id)],
      ['log', (id) => store.log(id, 'x')],
      ['getArtifact', (id) => store.getArtifact(id, 'x')]
    ]
    for (const [what, call] of calls) {
      expect(labError(() => call(41)), what).toMatchObject({ code: 'not_found', message: 'run 41 not found' })
      expect(labError(() => call(0)).code, what).toBe('invalid')
      expect(labError(() => call(1.5)).code, what).toBe('invalid')
    }
  })

  it('reports a corrupt params or result row as an internal error naming the run', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'victim', params, seed: 1 })
    store.finishRun(id, { status: 'done', result: { ok: 1 } })
    raw().prepare(`UPDATE runs SET params = '{"L": 16,' WHERE id = ?`).run(id)
    const e = labError(() => store.getRun(id))
    expect(e.code).toBe('internal')
    expect(e.message).toMatch(new RegExp(`^run ${id}: the stored params is corrupt \\(not JSON`))
    raw().prepare(`UPDATE runs SET params = '[16]', result = NULL WHERE id = ?`).run(id)
    expect(labError(() => store.getRun(id)).message).toBe(`run ${id}: the stored params is corrupt (not a JSON object)`)
    raw().prepare(`UPDATE runs SET params = '{}', result = 'null' WHERE id = ?`).run(id)
    expect(labError(() => store.getRun(id)).message).toBe(`run ${id}: the stored result is corrupt (not a JSON object)`)
    // The list does not read those columns: the history stays browsable.
    expect(store.listRuns().map((r) => r.id)).toEqual([id])
  })

  it('closes after flushing, and refuses calls once closed', () => {
    const store = open()
    const id = store.createRun({ kind: 'ising', name: 'c', params, seed: 1 })
    store.appendBatch(id, batchOf([0, 1], [{ a: 1 }, { a: 2 }]))
    store.close()
    store.close()
    expect(count('SELECT count(*) FROM points')).toBe(2)
    expect(labError(() => store.listRuns()).code).toBe('internal')
  })
})

describe('workspace', () => {
  it('keeps one value per panel part, replaced on save, read back as saved after a reopen and by another store on the file', () => {
    let t = Date.parse('2026-02-01T09:00:00.000Z')
    const a = open({ now: () => new Date(t) })
    expect(a.getWorkspace()).toEqual([])
    expect(a.putWorkspace('hopfield.library', 1, { width: 4, patterns: ['+-+-'] })).toEqual({ savedAt: '2026-02-01T09:00:00.000Z' })
    t += 1000
    a.putWorkspace('ising.sweep', 2, { sizes: '8, 16' })
    a.putWorkspace('hopfield.library', 1, { width: 4, patterns: ['++++', '----'] })
    const b = open()
    expect(b.getWorkspace()).toEqual([
      { key: 'hopfield.library', version: 1, value: { width: 4, patterns: ['++++', '----'] }, savedAt: '2026-02-01T09:00:01.000Z' },
      { key: 'ising.sweep', version: 2, value: { sizes: '8, 16' }, savedAt: '2026-02-01T09:00:01.000Z' }
    ])
    a.close()
    b.close()
    expect(open().getWorkspace().map((e) => e.key)).toEqual(['hopfield.library', 'ising.sweep'])
  })

  it('refuses a bad key or version, a value that is not JSON, and one too large to keep, changing nothing', () => {
    const s = open()
    s.putWorkspace('cnn.filters', 1, { n: 1 })
    const before = s.getWorkspace()
    expect(labError(() => s.putWorkspace('Hopfield Library', 1, {})).message).toMatch(/workspace key/)
    expect(labError(() => s.putWorkspace('cnn.filters', 0, {})).code).toBe('invalid')
    expect(labError(() => s.putWorkspace('cnn.filters', 1, { x: Number.NaN })).message).toMatch(/cannot be stored as JSON/)
    expect(labError(() => s.putWorkspace('cnn.filters', 1, { big: 'x'.repeat(800 * 1024) })).message).toMatch(/KiB, more than the 768 KiB a panel may keep/)
    expect(s.getWorkspace()).toEqual(before)
  })

  it('a value damaged on disk reads as none: the panel starts afresh', () => {
    const s = open()
    s.putWorkspace('network.builder', 1, { ok: true })
    raw().prepare(`INSERT INTO workspace (key, version, value, saved_at) VALUES ('cnn.train', 1, '{not json', '2026-01-01T00:00:00Z')`).run()
    expect(s.getWorkspace().map((e) => e.key)).toEqual(['network.builder'])
  })
})
