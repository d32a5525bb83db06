// The Hopfield panel's recall over its job session, through a fake lab service whose recall is
// the real engine job run in this thread (Fig. 2 of the paper: the stripes, the vertical one
// half blanked): the replay the panel gets is that run's, even when the run ends before the
// service has answered jobs.start — the case the old recall's own wait for the end could miss.

import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { localContext } from '../../../../src/engine/localContext'
import { runHopfieldRecall } from '../../../../src/engine/hopfield/recallJob'
import { paperStripes } from '../../../../src/engine/hopfield/presets'
import { hopfieldRecall, hopfieldRecallParams } from '../../../../src/shared/kinds/hopfield'
import { LabError } from '../../../../src/shared/errors'
import type { ArtifactInfo, TypedArray } from '../../../../src/shared/types'
import { deferred, FakeLab, runDetail, seriesOf, settle } from './fakeLab'

vi.setConfig({ testTimeout: 5000 })

const lab = new FakeLab()
lab.install()
const { HopfieldGridState } = await import('../../../../src/renderer/lib/hopfieldGridState.svelte')
const { PatternLibraryState } = await import('../../../../src/renderer/lib/hopfieldLibraryState.svelte')
const { RecallState } = await import('../../../../src/renderer/lib/hopfieldRecallState.svelte')
const { errors } = await import('../../../../src/renderer/lib/errors.svelte')

function panel() {
  let draws = 0
  const nextDraw = (): number => ++draws
  const grid: InstanceType<typeof HopfieldGridState> = new HopfieldGridState({
    patternCount: () => library.patterns.length,
    resized: () => recall.forget(),
    nextDraw
  })
  const library = new PatternLibraryState(grid, nextDraw)
  const recall = new RecallState(grid, library)
  library.loadPaperExample()
  recall.job.init()
  return { grid, library, recall }
}

/** Serve the runs asked for as the engine's recall of `input` (what the service would have stored). */
function serveRecall(input: unknown): { result: Record<string, unknown> } {
  const params = hopfieldRecallParams.parse(input)
  const { ctx, record } = localContext(3)
  const result: Record<string, unknown> = { ...runHopfieldRecall(params, ctx) }
  const artifacts: ArtifactInfo[] = [...record.artifacts].map(([name, a]) => ({ name, type: a.data.constructor.name, length: a.data.length, meta: a.meta ?? {} }))
  lab.on('runs.get', ({ runId: id }) => runDetail({ id, kind: hopfieldRecall.kind, params, status: 'done', result, kept: false, artifacts }))
  lab.on('runs.artifact', ({ name }) => {
    const a = record.artifacts.get(name)
    if (!a) throw new LabError('not_found', `no artifact ${name}`)
    return { info: artifacts.find((x) => x.name === name)!, data: a.data as TypedArray }
  })
  lab.on('runs.series', () => seriesOf(record.steps, record.rows))
  return { result }
}

let reported: unknown[] = []
beforeAll(() => {
  vi.spyOn(errors, 'report').mockImplementation((e) => void reported.push(e))
})
beforeEach(() => {
  lab.reset()
  reported = []
})

describe('the Hopfield recall', () => {
  it('sends the grid and the library as the kind reads them, and replays the stored run even when it ended before jobs.start answered', async () => {
    const { recall } = panel()
    const answer = deferred<{ runId: number; seed: number }>()
    lab.on('jobs.start', () => answer.promise)
    const done = recall.recall()
    expect(recall.phase).toBe('starting')
    await settle()

    const sent = lab.callsOf('jobs.start')[0]
    const [v, h] = paperStripes()
    expect(sent).toMatchObject({ kind: hopfieldRecall.kind, keep: false, name: 'Recall 4×4, 2 patterns, hebbian, 8 blanked' })
    const params = hopfieldRecallParams.parse(sent.params)
    expect(params.patterns.map((P) => Array.from(P))).toEqual([Array.from(v), Array.from(h)])
    // Fig. 2: the vertical stripes with the lower half (rows 3 and 4) unknown.
    expect(params.input).toEqual({ from: 'state', state: Array.from(v) })
    expect(params.corruption).toEqual([{ type: 'mask', mode: 'blank', mask: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1] }])

    const { result } = serveRecall(sent.params)
    lab.status(7, hopfieldRecall.kind, 'running')
    lab.status(7, hopfieldRecall.kind, 'done', { result })
    answer.resolve({ runId: 7, seed: 3 })
    await done

    expect(reported).toEqual([])
    expect(recall.phase).toBe('ready')
    expect(recall.autoplay).toBe(1)
    const rec = recall.record!
    expect(rec.result.outcome).toBe('recalled')
    expect(rec.result.recalledIndex).toBe(result.recalledIndex)
    expect(rec.result.recalledIndex).toBe(0)
    expect(Array.from(rec.input)).toEqual([...v.slice(0, 8), 0, 0, 0, 0, 0, 0, 0, 0])
    // Four neurons wait for a field: a 4×4 grid replays slowly.
    expect(recall.speed).toBe(2)
  })

  it('refuses a recall the schema refuses, in its words, and starts nothing', async () => {
    const { recall, library } = panel()
    library.clearLibrary()
    await recall.recall()
    expect(recall.recallProblems.join(' ')).toContain('the pattern library is empty')
    recall.seedText = 'seven'
    await recall.recall()
    expect(recall.recallProblems).toContain('Seed must be empty (a random one) or a whole number from 0 to 4,294,967,295')
    expect(lab.callsOf('jobs.start')).toEqual([])
    expect(recall.phase).toBe('idle')
  })

  it('keeps the recall, then renames the kept run; an unchanged name sends nothing', async () => {
    const { recall } = panel()
    lab.on('jobs.start', () => ({ runId: 9, seed: 1 }))
    lab.on('runs.keep', ({ runId, name }) => ({ ...runDetail({ id: runId, kind: hopfieldRecall.kind, params: {}, name: name ?? 'Recall 4×4' }) }))
    lab.on('runs.rename', ({ runId, name }) => ({ ...runDetail({ id: runId, kind: hopfieldRecall.kind, params: {}, name }) }))
    const recalling = recall.recall()
    await settle()
    serveRecall(lab.callsOf('jobs.start')[0].params)
    lab.status(9, hopfieldRecall.kind, 'done')
    await recalling

    expect(recall.keeper.state).toBe('keep')
    await recall.keep()
    expect(lab.callsOf('runs.keep')).toEqual([{ runId: 9 }])
    expect(recall.keeper.kept).toEqual({ id: 9, name: 'Recall 4×4' })
    expect(recall.keeper.state).toBe('kept')
    await recall.keep()
    recall.keeper.name = 'stripes, half blanked'
    expect(recall.keeper.state).toBe('rename')
    await recall.keep()
    expect(lab.callsOf('runs.keep')).toHaveLength(1)
    expect(lab.callsOf('runs.rename')).toEqual([{ runId: 9, name: 'stripes, half blanked' }])
    expect(recall.keeper.kept?.name).toBe('stripes, half blanked')
  })

  it('a new grid size drops the recall on show; the size cannot change while patterns are stored', async () => {
    const { recall, grid, library } = panel()
    lab.on('jobs.start', () => ({ runId: 11, seed: 1 }))
    const recalling = recall.recall()
    await settle()
    serveRecall(lab.callsOf('jobs.start')[0].params)
    lab.status(11, hopfieldRecall.kind, 'done')
    await recalling
    expect(recall.record).not.toBeNull()

    expect(grid.setSize(6, 6)).toBe(false)
    expect(grid.sizeProblem(6, 6)).toMatch(/library holds 2 patterns of 4×4: a 6×6 grid cannot recall them/)
    expect(recall.record).not.toBeNull()
    library.clearLibrary()
    // The message follows the library as it is now: an empty one lets the grid change size.
    expect(grid.sizeProblem(6, 6)).toBeNull()
    expect(grid.setSize(6, 6)).toBe(true)
    expect(recall.record).toBeNull()
    expect(recall.job.runId).toBeNull()
    expect(grid.N).toBe(36)
  })
})
