// Web Worker for a sweep's reweighting and finite-size analysis (src/engine/ising/sweepAnalysis.ts,
// finiteSize.ts): seconds of work for a large sweep, so never on the page's thread. It keeps
// the last analysis (with its jackknife replicas, which stay here) for the collapse fits, and
// the last samples for the single-histogram curves of each point.

import { analyzeSweep, singleHistogramCurves, type SweepAnalysis } from '../../engine/ising/sweepAnalysis'
import { fitCollapse, type CollapseParams } from '../../engine/ising/finiteSize'
import type { StoredSamples } from '../../engine/ising/reweighting'

export type AnalysisRequest =
  | { id: number; type: 'analyze'; points: StoredSamples[] }
  | { id: number; type: 'collapse'; q: 'chi' | 'absM'; start: CollapseParams; window: number }
  | { id: number; type: 'single' }

const ctx = self as unknown as { onmessage: ((e: MessageEvent<AnalysisRequest>) => void) | null; postMessage(m: unknown): void }
let last: SweepAnalysis | null = null
let lastPoints: StoredSamples[] = []

/** The analysis without the replicas (the page draws values and errors only). */
function summary(a: SweepAnalysis): SweepAnalysis {
  return { ...a, curves: a.curves.map((c) => ({ ...c, replicas: {} as typeof c.replicas })) }
}

ctx.onmessage = (e) => {
  const req = e.data
  const t0 = performance.now()
  try {
    if (req.type === 'analyze') {
      lastPoints = req.points
      last = analyzeSweep(req.points)
      ctx.postMessage({ id: req.id, ok: true, value: summary(last), ms: performance.now() - t0 })
    } else if (req.type === 'single') {
      ctx.postMessage({ id: req.id, ok: true, value: singleHistogramCurves(lastPoints), ms: performance.now() - t0 })
    } else {
      if (!last) throw new Error('no reweighted curves yet')
      ctx.postMessage({ id: req.id, ok: true, value: fitCollapse(last.curves, req.q, req.start, req.window), ms: performance.now() - t0 })
    }
  } catch (err) {
    ctx.postMessage({ id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) })
  }
}
