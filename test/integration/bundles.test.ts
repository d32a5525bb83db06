// Bundles (.physml) from outside, through the real service and store thread: a thousand runs
// go from one lab to another; a damaged, altered, foreign or newer file is refused with a
// clear message and nothing of an import that names it is written (all or nothing); a run
// whose params or result its kind's schema refuses cannot come in, even in a well-formed file.
import Database from 'better-sqlite3'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import { BUNDLE_VERSION, type BundledRun } from '../../src/main/store/bundleFormat'
import { writeBundle } from '../../src/main/store/bundleWrite'
import { LabError } from '../../src/shared/errors'
import { batchOf } from '../../src/shared/metrics'
import { startTestLab, type TestLab } from '../helpers/testLab'

let a: TestLab
let b: TestLab
beforeAll(async () => {
  ;[a, b] = await Promise.all([startTestLab(1), startTestLab(1)])
})
afterAll(async () => {
  await Promise.all([a.close(), b.close()])
})

const COUNT = 1000
const ids: number[] = []
let bundle: Uint8Array

/** A stored sweep-like run: a series of its own and a patterned artifact. */
async function storeRun(lab: LabService, i: number): Promise<number> {
  const store = (lab as unknown as { opts: { store: import('../../src/main/store/storeClient').StoreClient } }).opts.store
  const id = await store.createRun({ kind: 'ising.sweep', name: `sweep ${i}`, params: { sizes: [4], temperatures: [2 + i / COUNT] }, seed: i })
  store.appendBatch(id, batchOf([0, 1], [{ L: 4, T: 2, e: -i / COUNT, eErr: NaN }, { L: 4, T: 3, e: -0.5, eErr: 0.01 }]))
  await store.putArtifact(id, 'L=4/T=2.0000/lattice', Int8Array.from({ length: 16 }, (_, k) => ((k + i) % 3 === 0 ? 1 : -1)), { L: 4, T: 2 })
  await store.finishRun(id, {
    status: 'done',
    result: { sizes: [4], temperatures: 2, algorithm: 'metropolis', measured: 2, points: 2, pointsPlanned: 2, stoppedEarly: false }
  })
  return id
}

async function refused(lab: LabService, files: { name: string; bytes: Uint8Array }[], merge = false): Promise<LabError> {
  const before = (await lab.invoke('runs.find', { includeScratch: true })).total
  const e = await lab.invoke('runs.import', { files, merge }).then(
    () => null,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(LabError)
  expect((await lab.invoke('runs.find', { includeScratch: true })).total, 'nothing was imported').toBe(before)
  return e as LabError
}

describe('a thousand runs', () => {
  it('go from one lab to another in one bundle, each exactly', async () => {
    for (let i = 0; i < COUNT; i++) ids.push(await storeRun(a.lab, i))
    const out = await a.lab.invoke('runs.exportBundle', { runIds: ids })
    bundle = out.bytes
    expect(out.runs).toBe(COUNT)
    const report = await b.lab.invoke('runs.import', { files: [{ name: 'thousand.physml', bytes: bundle }] })
    expect(report).toMatchObject({ files: 1, runsRead: COUNT, merged: false })
    expect(report.runIds).toHaveLength(COUNT)
    expect((await b.lab.invoke('runs.find', {})).total).toBe(COUNT)
    for (const k of [0, 1, 499, 998, 999]) {
      const [x, y] = await Promise.all([a.lab.invoke('runs.series', { runId: ids[k] }), b.lab.invoke('runs.series', { runId: report.runIds[k] })])
      expect(Array.from(y.values.e)).toEqual(Array.from(x.values.e))
      expect(Array.from(y.values.eErr)).toEqual([NaN, 0.01])
      const art = await b.lab.invoke('runs.artifact', { runId: report.runIds[k], name: 'L=4/T=2.0000/lattice' })
      expect(Array.from(art.data)).toEqual(Array.from({ length: 16 }, (_, j) => ((j + k) % 3 === 0 ? 1 : -1)))
      expect((await b.lab.invoke('runs.get', { runId: report.runIds[k] })).origin?.imports?.[0]).toMatchObject({ file: 'thousand.physml', originalId: ids[k] })
    }
  })
})

describe('refused files', () => {
  let good: Uint8Array
  beforeAll(async () => {
    good = (await a.lab.invoke('runs.exportBundle', { runIds: ids.slice(0, 3) })).bytes
  })

  /** The bundle's bytes, altered by `change` on the SQLite file (a second connection, as a tool would). */
  function altered(change: (db: Database.Database) => void): Uint8Array {
    const file = join(a.dir, 'altered.physml')
    writeFileSync(file, good)
    const db = new Database(file)
    change(db)
    db.close()
    return new Uint8Array(readFileSync(file))
  }

  it('a flipped byte inside an artifact: SQLite sees nothing wrong, the checksum does', async () => {
    const pattern = Buffer.from(Int8Array.from({ length: 16 }, (_, k) => ((k + 1) % 3 === 0 ? 1 : -1)).buffer)
    const at = Buffer.from(good).indexOf(pattern)
    expect(at).toBeGreaterThan(0)
    const bad = good.slice()
    bad[at + 5] = -bad[at + 5] & 0xff
    const e = await refused(b.lab, [{ name: 'flipped.physml', bytes: bad }])
    expect(e.message).toBe('“flipped.physml” is damaged: its content does not match its checksum (a byte was changed since it was written)')
  })

  it('with a good file beside it: nothing of either is imported', async () => {
    const bad = good.slice()
    const header = Buffer.from(good.buffer, good.byteOffset, 100)
    const page = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16)
    bad.fill(0, page, 2 * page) // the second page (a table's root) zeroed
    const e = await refused(b.lab, [
      { name: 'good.physml', bytes: good },
      { name: 'zeroed.physml', bytes: bad }
    ])
    expect(e.message).toMatch(/^“zeroed\.physml” is damaged/)
  })

  it('a value changed with SQL: the checksum', async () => {
    const e = await refused(b.lab, [{ name: 'edited.physml', bytes: altered((db) => db.prepare(`UPDATE runs SET name = 'edited'`).run()) }])
    expect(e.message).toContain('does not match its checksum')
  })

  it('a trigger, a view or a table added: not the format', async () => {
    for (const sql of ['CREATE TRIGGER t AFTER INSERT ON runs BEGIN SELECT 1; END', 'CREATE VIEW v AS SELECT * FROM runs', 'CREATE TABLE extra (x)']) {
      const e = await refused(b.lab, [{ name: 'schema.physml', bytes: altered((db) => db.exec(sql)) }])
      expect(e.message).toBe('“schema.physml” is damaged or was altered: its tables are not those of a PhysML bundle')
    }
  })

  it('a bundle of a newer format version', async () => {
    const newer = altered((db) => {
      db.pragma(`user_version = ${BUNDLE_VERSION + 1}`)
      db.prepare(`UPDATE bundle SET value = '9.9.0' WHERE key = 'appVersion'`).run()
    })
    const e = await refused(b.lab, [
      { name: 'good.physml', bytes: good },
      { name: 'from-the-future.physml', bytes: newer }
    ])
    expect(e.message).toBe(
      `“from-the-future.physml” was written by PhysML Lab 9.9.0 in bundle format version ${BUNDLE_VERSION + 1}, but this PhysML Lab (0.1.0) reads versions up to ${BUNDLE_VERSION}. Update PhysML Lab to import it; nothing was imported.`
    )
  })

  it('a file that is no bundle: text, a lab database, truncated, empty', async () => {
    const db = new Uint8Array(readFileSync(join(a.dir, 'physml.db')))
    const cases: [string, Uint8Array, RegExp][] = [
      ['notes.physml', new TextEncoder().encode('x'.repeat(500)), /is not a PhysML bundle \(a \.physml file is written by PhysML Lab/],
      ['physml.db', db, /is not a PhysML bundle/],
      ['short.physml', good.slice(0, 50), /too short/],
      ['cut.physml', good.slice(0, 4096 * 2), /is damaged/]
    ]
    for (const [name, bytes, message] of cases) expect((await refused(b.lab, [{ name, bytes }])).message).toMatch(message)
    const empty = await b.lab.invoke('runs.import', { files: [{ name: 'empty.physml', bytes: new Uint8Array(0) }] }).catch((e: LabError) => e)
    expect((empty as LabError).message).toMatch(/the file is empty/)
  })

  it('a well-formed bundle whose run its kind refuses: params, result, series, artifact, kind', async () => {
    const valid = (): BundledRun => ({
      id: 5,
      kind: 'ising.sweep',
      name: 'crafted',
      params: { sizes: [4], temperatures: [2] },
      seed: 1,
      status: 'done',
      createdAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:01.000Z',
      error: null,
      result: { sizes: [4], temperatures: 1, algorithm: 'metropolis', measured: 1, points: 1, pointsPlanned: 1, stoppedEarly: false },
      appVersion: '0.1.0',
      note: '',
      starred: false,
      tags: [],
      origin: null,
      series: [{ name: 'e', steps: Float64Array.of(0), values: Float64Array.of(-1) }],
      artifacts: [],
      log: []
    })
    const craft = (r: BundledRun): Uint8Array => {
      const file = join(a.dir, 'crafted.physml')
      writeBundle(file, 1, () => r, { appVersion: '0.1.0', now: new Date() })
      return new Uint8Array(readFileSync(file))
    }
    // The control: as crafted, it comes in.
    const ok = await b.lab.invoke('runs.import', { files: [{ name: 'ok.physml', bytes: craft(valid()) }] })
    expect(ok.runIds).toHaveLength(1)
    const cases: [Partial<BundledRun>, string][] = [
      [{ params: { sizes: [1], temperatures: [2] } }, 'its params are not valid ising.sweep params'],
      [{ params: { sizes: [4], temperatures: [2], evil: "'; DROP TABLE runs; --" } }, 'its params are not valid ising.sweep params'],
      [{ result: { sizes: [4] } }, 'its result is not a valid ising.sweep result'],
      [{ series: [{ name: 'loss', steps: Float64Array.of(0), values: Float64Array.of(1) }] }, "series 'loss' is not one that ising.sweep records"],
      [{ series: [{ name: 'e', steps: Float64Array.of(1, 0), values: Float64Array.of(1, 2) }] }, "series 'e': step 1 is 0; steps are whole numbers in increasing order"],
      [{ artifacts: [{ name: 'weights.1', type: 'Float32Array', meta: {}, data: new Uint8Array(8) }] }, "artifact 'weights.1' is not one that ising.sweep writes"],
      [{ artifacts: [{ name: 'L=4/T=2.0000/samples', type: 'Float64Array', meta: {}, data: new Uint8Array(12) }] }, "artifact 'L=4/T=2.0000/samples' holds 12 bytes, not a whole number of Float64Array values"],
      [{ kind: 'quantum.annealer' }, "it is a run of kind 'quantum.annealer', which this PhysML Lab does not know"],
      [{ status: 'running' as 'done' }, 'its status (a bundle holds ended runs only)'],
      [{ tags: ['a,b'] }, 'its tags'],
      [{ name: '' }, 'its name']
    ]
    for (const [change, message] of cases) {
      const e = await refused(b.lab, [{ name: 'crafted.physml', bytes: craft({ ...valid(), ...change }) }])
      expect(e.message, message).toContain(`“crafted.physml”, run 5`)
      expect(e.message).toContain(message)
    }
  })
})
