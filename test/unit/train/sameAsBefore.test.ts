// The training skeleton replaced the per-job loops of network.train and cnn.train: the same
// params + seed must still give the same run, bit for bit (metric rows, logs, results, the
// bytes of every artifact), as recorded in baseline.json before the change (see baseline.ts).

import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BASELINE_CASES, BASELINE_FILE, DIGITS_FILE, runBaselineCase, type Recorded } from './baseline'

const recorded = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Record<string, Recorded>

describe('network.train and cnn.train give the runs recorded before the training skeleton', () => {
  it('the recording holds every case', () => {
    expect(Object.keys(recorded).sort()).toEqual(Object.keys(BASELINE_CASES).sort())
  })
  for (const [name, c] of Object.entries(BASELINE_CASES)) {
    if (c.kind === 'network') {
      it.skipIf(!existsSync(DIGITS_FILE))(name, () => {
        expect(runBaselineCase(c)).toEqual(recorded[name])
      })
    } else {
      it(name, () => {
        const now = runBaselineCase(c)
        const before = recorded[name]
        expect(now.steps).toEqual(before.steps)
        expect(now.artifacts).toEqual(before.artifacts)
        expect(now.logs).toEqual(before.logs)
        expect(now.progress).toEqual(before.progress)
        // cnn.train now reports early stopping (stoppedEarly, bestEpoch) as network.train does
        expect(now.result).toMatchObject(before.result)
        expect(Object.keys(now.result).sort()).toEqual([...Object.keys(before.result), 'bestEpoch', 'stoppedEarly'].sort())
        // Rows are unchanged, except that a run stopped inside an epoch now gives its last row the
        // fractional epoch reached (steps / batches per epoch), as network.train always did,
        // instead of the count of finished epochs.
        const last = before.rows.length - 1
        expect(now.rows.slice(0, last)).toEqual(before.rows.slice(0, last))
        const stoppedInside = before.result.stoppedByUser === true
        const perEpoch = Math.ceil(((c.params.trainSize as number) || 400) / (c.params.batchSize as number))
        expect(now.rows[last]).toEqual(stoppedInside ? { ...before.rows[last], epoch: now.steps[last] / perEpoch } : before.rows[last])
      })
    }
  }
})
