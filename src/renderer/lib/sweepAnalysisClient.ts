// The page's side of the sweep-analysis worker (sweepAnalysisWorker.ts): load the stored
// samples of every point of a run, hand them to the worker, and ask it for collapse fits.
// One worker for the page; requests are answered in order.

import type { CollapseFit, CollapseParams } from '../../engine/ising/finiteSize'
import type { StoredSamples } from '../../engine/ising/reweighting'
import type { PointCurve, SweepAnalysis } from '../../engine/ising/sweepAnalysis'
import type { AnalysisRequest } from './sweepAnalysisWorker'
import { call } from './lab'

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }
let worker: Worker | null = null
let seq = 0
const pending = new Map<number, Pending>()

function getWorker(): Worker {
  if (worker) return worker
  const w = new Worker(new URL('./sweepAnalysisWorker.ts', import.meta.url), { type: 'module' })
  w.onmessage = (e: MessageEvent<{ id: number; ok: boolean; value?: unknown; message?: string }>) => {
    const p = pending.get(e.data.id)
    pending.delete(e.data.id)
    if (!p) return
    if (e.data.ok) p.resolve(e.data.value)
    else p.reject(new Error(e.data.message ?? 'the analysis failed'))
  }
  w.onerror = (ev) => {
    ev.preventDefault()
    for (const p of pending.values()) p.reject(new Error('the analysis worker could not run here'))
    pending.clear()
    w.terminate()
    worker = null
  }
  worker = w
  return w
}

type Request = AnalysisRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

function ask<T>(req: Request): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = ++seq
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
    getWorker().postMessage({ ...req, id })
  })
}

export interface PointRef {
  L: number
  T: number
  key: string
}

/** The stored samples of each point that has them (points stored without samples are left out). */
export async function loadSamples(runId: number, points: PointRef[], names: Set<string>, J: number, B: number): Promise<StoredSamples[]> {
  const have = points.filter((p) => names.has(`${p.key}/samples`) && names.has(`${p.key}/fourier`))
  return Promise.all(
    have.map(async (p) => {
      const [s, f] = await Promise.all([call('runs.artifact', { runId, name: `${p.key}/samples` }), call('runs.artifact', { runId, name: `${p.key}/fourier` })])
      return { L: p.L, T: p.T, J, B, samples: s.data as Int32Array, fourier: f.data as Float32Array }
    })
  )
}

export const analyze = (points: StoredSamples[]): Promise<SweepAnalysis> => ask({ type: 'analyze', points })

export const collapseFit = (q: 'chi' | 'absM', start: CollapseParams, window: number): Promise<CollapseFit> => ask({ type: 'collapse', q, start, window })

/** Each point's own single-histogram curve, from the samples of the last analysis. */
export const singleHistograms = (): Promise<PointCurve[]> => ask({ type: 'single' })
