// Every job kind, run small through the real service (worker pool, store thread): its result
// parses with the kind's own result schema — as the engine returned it and as the database
// gives it back — and what it stored is what its spec declares (artifact names, series).
// The table is typed by KindName: a kind added without a case here does not compile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import { jobKinds, kindNames } from '../../src/shared/kinds'
import { artifactPattern } from '../../src/shared/kinds/define'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'
import { tinyKinds, tinyParams } from '../helpers/tinyKinds'

let t: TestLab
let lab: LabService
beforeAll(async () => {
  t = await startTestLab(2)
  lab = t.lab
})
afterAll(() => t.close())

describe('each kind returns and stores what its spec says', () => {
  it('has a case for every kind', () => {
    expect([...tinyKinds].sort()).toEqual([...kindNames].sort())
  })

  for (const kind of kindNames) {
    it(kind, async () => {
      const spec = jobKinds[kind]
      const { runId } = await lab.invoke('jobs.start', { kind, params: await tinyParams(lab, kind), seed: 7 })
      const end = await waitForEnd(lab, runId)
      expect(end.error).toBeUndefined()
      expect(end.status).toBe('done')
      // As the engine returned it (through the worker), then as the database gives it back.
      expect(() => spec.result.parse(end.result)).not.toThrow()
      const detail = await lab.invoke('runs.get', { runId })
      expect(spec.result.parse(detail.result)).toEqual(spec.result.parse(end.result))

      const declared = spec.artifacts.map(artifactPattern)
      const stored = detail.artifacts.map((a) => a.name)
      for (const name of stored) expect(declared.some((re) => re.test(name)), `artifact '${name}' is not declared`).toBe(true)
      for (const [i, re] of declared.entries())
        if (!spec.artifacts[i].when) expect(stored.some((n) => re.test(n)), `no artifact '${spec.artifacts[i].name}'`).toBe(true)
      expect(detail.series.length).toBeGreaterThan(0)
      for (const name of detail.series) expect(spec.series, `series '${name}'`).toContain(name)
    })
  }

  it('the schemas are strict: a result with a field the spec does not name is refused', () => {
    const result = jobKinds['ising.live'].result
    const ok = { sweeps: 1, e: -2, m: 1, absM: 1, T: 2, B: 0, J: 1, measurements: 1, runMeanE: -2, runMeanM: 1, runMeanAbsM: 1 }
    expect(result.safeParse(ok).success).toBe(true)
    expect(result.safeParse({ ...ok, extra: 1 }).success).toBe(false)
    expect(result.safeParse({ ...ok, e: undefined }).success).toBe(false)
  })
})
