// The run history in the store (a real SQLite file): notes, stars and tags, and finding runs.
// Every search is checked against a brute-force filter and sort of the same runs in plain
// TypeScript (the independent truth), over a seeded random history of 400 runs.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../src/engine/rng'
import { openRunStore, type RunStore } from '../../src/main/store/runStore'
import { POINT_BYTES } from '../../src/main/store/runStats'
import { LabError } from '../../src/shared/errors'
import type { FindRunsQuery } from '../../src/shared/history'
import { FindRunsInput } from '../../src/shared/history'
import { batchOf } from '../../src/shared/metrics'

let dir: string
let store: RunStore
let clock = Date.parse('2025-01-01T00:00:00Z')
const now = (): Date => new Date(clock)

interface Truth {
  id: number
  kind: string
  name: string
  note: string
  status: string
  tags: string[]
  starred: boolean
  createdAt: string
  kept: boolean
  acc: number | null
  accMax: number | null
  loss: number | null
  bytes: number
}
const truth: Truth[] = []

const KINDS = ['ising.sweep', 'network.train', 'hopfield.capacity']
const TAGS = ['Wolff', 'metropolis', 'L=32', 'paper fig 5', 'näive', 'baseline']
const WORDS = ['critical', 'slowing', 'Tc', 'überraschung', 'crossover', 'binder', 'cumulant', 'epoch', 'dropout', 'capacity']

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'physml-history-'))
  store = openRunStore({ file: join(dir, 'physml.db'), appVersion: '0.1.0-test', now })
  const rng = createRng(2025)
  const pick = <T>(a: readonly T[]): T => a[rng.int(a.length)]
  for (let i = 0; i < 400; i++) {
    clock += 1000 * (1 + rng.int(3600 * 6))
    const kind = pick(KINDS)
    const words = Array.from({ length: 1 + rng.int(3) }, () => pick(WORDS))
    const name = `${kind.split('.')[0]} ${words[0]} #${i}`
    const kept = rng.uniform() > 0.05
    const id = store.createRun({ kind, name, params: { i }, seed: i, kept })
    // Accuracy rises over 1..5 epochs, then may have an unmeasured (NaN) last step.
    const epochs = rng.int(6)
    const acc: number[] = []
    for (let e = 0; e < epochs; e++) acc.push(Math.round(rng.uniform() * 1000) / 1000)
    const rows = acc.map((a) => ({ accuracy: a, loss: 1 - a }))
    if (epochs > 0 && rng.uniform() < 0.3) rows.push({ accuracy: NaN, loss: NaN })
    if (rows.length) store.appendBatch(id, batchOf(rows.map((_, k) => k), rows))
    const status = pick(['done', 'done', 'failed', 'cancelled'] as const)
    clock += 1000 * rng.int(600)
    store.finishRun(id, { status, result: status === 'done' ? { score: i % 7 === 0 ? 'n/a' : rng.uniform() } : null })
    const note = rng.uniform() < 0.5 ? `Seen ${words.join(' ')} here.` : ''
    const tags = TAGS.filter(() => rng.uniform() < 0.25)
    const starred = rng.uniform() < 0.1
    if (note || tags.length || starred) store.annotate({ runId: id, note, addTags: tags, starred })
    const s = store.getSummary(id)
    truth.push({
      id,
      kind,
      name,
      note,
      status,
      tags,
      starred,
      createdAt: s.createdAt,
      kept,
      acc: acc.length ? acc[acc.length - 1] : null,
      accMax: acc.length ? Math.max(...acc) : null,
      loss: acc.length ? 1 - acc[acc.length - 1] : null,
      bytes: s.bytes!
    })
  }
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Folding as unicode61 with remove_diacritics does, for the brute-force search. */
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
const wordsOf = (s: string): string[] => fold(s).match(/[\p{L}\p{N}]+/gu) ?? []

function bruteForce(input: Partial<FindRunsQuery>): Truth[] {
  const q = FindRunsInput.parse(input)
  const terms = wordsOf(q.text)
  const tags = q.tags.map((t) => t.toLowerCase())
  const hits = truth.filter(
    (r) =>
      (q.includeScratch || r.kept) &&
      terms.every((t) => [...wordsOf(r.name), ...wordsOf(r.note)].some((w) => w.startsWith(t))) &&
      (q.kinds.length === 0 || q.kinds.includes(r.kind)) &&
      (q.statuses.length === 0 || (q.statuses as string[]).includes(r.status)) &&
      tags.every((t) => r.tags.some((x) => x.toLowerCase() === t)) &&
      (q.from === undefined || r.createdAt >= new Date(q.from).toISOString()) &&
      (q.to === undefined || r.createdAt < new Date(q.to).toISOString()) &&
      (!q.starred || r.starred)
  )
  const value = (r: Truth): number | string | null => {
    const s = q.sort
    if (s.by === 'series') return s.name === 'accuracy' ? (s.stat === 'last' ? r.acc : s.stat === 'max' ? r.accMax : null) : r.loss
    if (s.by === 'size') return r.bytes
    if (s.by === 'created') return r.createdAt
    return null
  }
  const dir = q.sort.dir === 'asc' ? 1 : -1
  const pin = q.sort.by !== 'series' && q.sort.by !== 'result'
  return hits.sort((a, b) => {
    if (pin && a.starred !== b.starred) return a.starred ? -1 : 1
    const va = value(a)
    const vb = value(b)
    if ((va === null) !== (vb === null)) return va === null ? 1 : -1
    if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * dir
    return (a.id - b.id) * dir
  })
}

function expectSameAsBruteForce(q: Partial<FindRunsQuery>): void {
  const expected = bruteForce(q)
  const page = store.findRuns({ ...q, limit: 10_000 })
  expect(page.total).toBe(expected.length)
  expect(page.runs.map((r) => r.id)).toEqual(expected.map((r) => r.id))
  expect(page.bytes).toBe(expected.reduce((n, r) => n + r.bytes, 0))
}

describe('finding runs', () => {
  it('by words of the name or note, as prefixes, whatever the case and accents', () => {
    for (const text of ['critical', 'CRIT', 'ueber', 'uber', 'über', 'cumulant binder', 'network epoch', 'slow cross', 'zzz']) expectSameAsBruteForce({ text })
    expect(store.findRuns({ text: 'uberr' }).total).toBeGreaterThan(0) // ü folds to u
  })

  it('by kind, status, tags (all of them, any case), dates and star, together', () => {
    const mid = truth[200].createdAt
    const queries: Partial<FindRunsQuery>[] = [
      { kinds: ['network.train'] },
      { kinds: ['network.train', 'ising.sweep'], statuses: ['failed'] },
      { tags: ['wolff'] },
      { tags: ['WOLFF', 'baseline'] },
      { tags: ['paper fig 5'], text: 'critical' },
      { tags: ['Näive'] },
      { from: mid },
      { to: mid, statuses: ['done', 'cancelled'] },
      { from: truth[100].createdAt, to: truth[300].createdAt, starred: true },
      { starred: true },
      { includeScratch: true },
      { includeScratch: true, tags: ['metropolis'], kinds: ['hopfield.capacity'] }
    ]
    for (const q of queries) expectSameAsBruteForce(q)
  })

  it('sorted by a final metric (last measured, best), by size or date, starred runs pinned except in a ranking', () => {
    const queries: Partial<FindRunsQuery>[] = [
      { sort: { by: 'series', name: 'accuracy', stat: 'last', dir: 'desc' } },
      { sort: { by: 'series', name: 'accuracy', stat: 'max', dir: 'desc' }, kinds: ['network.train'] },
      { sort: { by: 'series', name: 'accuracy', stat: 'last', dir: 'asc' }, tags: ['baseline'] },
      { sort: { by: 'size', dir: 'asc' } },
      { sort: { by: 'created', dir: 'asc' } },
      { sort: { by: 'created', dir: 'desc' }, text: 'slowing' }
    ]
    for (const q of queries) expectSameAsBruteForce(q)
    const best = store.findRuns({ sort: { by: 'series', name: 'accuracy', stat: 'max', dir: 'desc' }, limit: 1 }).runs[0]
    expect(best.sortValue).toBe(Math.max(...truth.filter((r) => r.kept && r.accMax !== null).map((r) => r.accMax!)))
  })

  it('by a number of the result, runs without one (a text, no result) last', () => {
    const page = store.findRuns({ sort: { by: 'result', key: 'score', dir: 'desc' }, limit: 10_000 })
    const values = page.runs.map((r) => r.sortValue)
    const numbers = values.filter((v): v is number => typeof v === 'number')
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a))
    expect(values.slice(numbers.length).every((v) => v === null)).toBe(true)
    expect(numbers.length).toBe(truth.filter((r) => r.kept && r.status === 'done' && (r.id - truth[0].id) % 7 !== 0).length)
  })

  it('in pages', () => {
    const all = store.findRuns({ limit: 10_000 }).runs.map((r) => r.id)
    const pages = [0, 1, 2, 3].flatMap((p) => store.findRuns({ limit: 100, offset: p * 100 }).runs.map((r) => r.id))
    expect(pages).toEqual(all.slice(0, 400))
  })

  it('takes any text as words: search syntax and SQL in it are only words', () => {
    for (const text of ['"', '*', 'AND', 'critical OR', 'NEAR(a b)', "'; DROP TABLE runs; --", 'x" OR 1=1 --', '^slow', 'col:critical', '\\']) {
      expect(() => store.findRuns({ text })).not.toThrow()
    }
    expect(store.findRuns({ text: "'; DROP TABLE runs; --" }).total).toBe(0)
    expect(store.findRuns({ limit: 10_000 }).total).toBe(truth.filter((r) => r.kept).length)
  })

  it('refuses malformed searches with the field named, in words', () => {
    const bad: unknown[] = [
      { text: 'x'.repeat(201) },
      { sort: { by: 'result', key: 'score); DROP TABLE runs' } },
      { sort: { by: 'series', name: '', stat: 'last' } },
      { from: 'yesterday' },
      { limit: 0 },
      { tags: ['a,b'] },
      { statuses: ['lost'] },
      { unknown: 1 }
    ]
    for (const q of bad) {
      const e = thrown(() => store.findRuns(q))
      expect(e).toBeInstanceOf(LabError)
      expect((e as LabError).code).toBe('invalid')
      expect((e as LabError).message).toMatch(/^Invalid search: /)
    }
  })
})

describe('annotating runs', () => {
  it('adds and removes tags (one tag whatever its case, the first spelling kept), a note and a star', () => {
    const id = store.createRun({ kind: 'ising.sweep', name: 'to annotate', params: {}, seed: 1 })
    store.finishRun(id, { status: 'done' })
    store.annotate({ runId: id, addTags: ['  Critical   point ', 'wolff'] })
    store.annotate({ runId: id, addTags: ['CRITICAL POINT', 'L=64'], note: 'Binder crossing at 2.269\nline two', starred: true })
    let s = store.getSummary(id)
    expect(s.tags).toEqual(['Critical point', 'L=64', 'wolff'])
    expect(s.starred).toBe(true)
    expect(store.getRun(id).note).toBe('Binder crossing at 2.269\nline two')
    store.annotate({ runId: id, removeTags: ['WOLFF'], starred: false })
    s = store.getSummary(id)
    expect(s.tags).toEqual(['Critical point', 'L=64'])
    expect(s.starred).toBe(false)
    expect(store.findRuns({ text: 'binder crossing' }).runs.map((r) => r.id)).toContain(id)
    expect(store.tags().find((t) => t.tag.toLowerCase() === 'critical point')?.runs).toBe(1)
    store.rename(id, 'renamed sweep')
    expect(store.findRuns({ text: 'renamed' }).runs.map((r) => r.id)).toEqual([id])
    expect(store.findRuns({ text: 'annotate' }).runs.map((r) => r.id)).not.toContain(id)
  })

  it('refuses a bad annotation whole: nothing of it is written', () => {
    const id = store.createRun({ kind: 'ising.sweep', name: 'guarded', params: {}, seed: 1 })
    store.finishRun(id, { status: 'done' })
    store.annotate({ runId: id, addTags: Array.from({ length: 30 }, (_, i) => `t${i}`) })
    const before = store.getRun(id)
    const tooMany = thrown(() => store.annotate({ runId: id, addTags: ['a', 'b', 'c'], note: 'should not stay' })) as LabError
    expect(tooMany.message).toBe('A run has at most 32 tags (this change would give it 33).')
    for (const bad of [
      { runId: id, addTags: ['a,b'] },
      { runId: id, addTags: [''] },
      { runId: id, addTags: ['x'.repeat(41)] },
      { runId: id, note: 'bell\u0007' },
      { runId: id, note: 'x'.repeat(10_001) },
      { runId: id, starred: 'yes' }
    ])
      expect((thrown(() => store.annotate(bad as never)) as LabError).code).toBe('invalid')
    expect(store.getRun(id)).toEqual(before)
    expect((thrown(() => store.annotate({ runId: 999_999, note: 'x' })) as LabError).code).toBe('not_found')
  })
})

describe('housekeeping', () => {
  it('deletes many runs at once, or none when one is still running', () => {
    const ids = [1, 2, 3].map((i) => {
      const id = store.createRun({ kind: 'ising.sweep', name: `doomed ${i}`, params: {}, seed: i })
      store.finishRun(id, { status: 'done' })
      return id
    })
    const running = store.createRun({ kind: 'ising.sweep', name: 'still going', params: {}, seed: 9 })
    const e = thrown(() => store.deleteRuns([...ids, running])) as LabError
    expect(e.code).toBe('conflict')
    expect(e.message).toContain('still running')
    expect(ids.map((id) => store.getSummary(id).id)).toEqual(ids)
    expect(store.deleteRuns(ids)).toBe(3)
    for (const id of ids) expect(() => store.getSummary(id)).toThrow(/not found/)
    store.finishRun(running, { status: 'cancelled' })
  })

  it('deletes large artifacts and keeps the curves; its size drops by exactly their bytes', () => {
    const id = store.createRun({ kind: 'ising.sweep', name: 'heavy', params: {}, seed: 1 })
    store.appendBatch(id, batchOf([0, 1, 2], [{ e: -1 }, { e: -1.5 }, { e: -2 }]))
    store.putArtifact(id, 'L=8/T=2.0000/lattice', new Int8Array(1 << 20).fill(1))
    store.finishRun(id, { status: 'done' })
    const before = store.getSummary(id).bytes!
    expect(store.dropArtifacts([id])).toEqual({ runs: 1, bytesFreed: 1 << 20 })
    const after = store.getRun(id)
    expect(after.artifacts).toEqual([])
    expect(Array.from(store.getSeries(id).values.e)).toEqual([-1, -1.5, -2])
    expect(after.log.at(-1)?.message).toMatch(/Artifacts deleted to save space \(1,048,576 bytes\)/)
    expect(after.bytes).toBe(before - (1 << 20) + after.log.at(-1)!.message.length + after.log.at(-1)!.at.length)
    expect(after.bytes! - 3 * POINT_BYTES).toBeGreaterThan(0)
  })

  it('says how much of the file is free, and VACUUM gives it back', () => {
    const ids = Array.from({ length: 4 }, (_, i) => {
      const id = store.createRun({ kind: 'ising.sweep', name: `big ${i}`, params: {}, seed: i })
      store.putArtifact(id, 'L=8/T=2.0000/samples', new Float64Array(1 << 18).fill(i))
      store.finishRun(id, { status: 'done' })
      return id
    })
    store.deleteRuns(ids)
    const before = store.storage()
    expect(before.freeBytes).toBeGreaterThan(7 * 2 ** 20)
    const raw = new Database(join(dir, 'physml.db'), { readonly: true })
    const runs = Number(raw.prepare('SELECT count(*) FROM runs').pluck().get())
    raw.close()
    expect(before.runs).toBe(runs)
    const { before: b, after } = store.vacuum()
    expect(b).toBeGreaterThan(after)
    expect(store.storage().freeBytes).toBeLessThan(64 * 1024)
    expect(store.integrityCheck()).toBe('ok')
  })
})

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new Error('expected a throw')
}
