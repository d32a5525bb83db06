// Loading a stored cnn.train run as a network the renderer can run: the architecture from its
// params (defaults filled in by the kind's schema, as the service did when it started), the
// weights from its `cnn.weights.<layer>` artifacts. A run without weights (failed, cancelled,
// interrupted) gets a sentence saying so.

import type { CnnNetwork, LayerSpec } from '../../engine/cnn/cnnLayers'
import { cnnTrain, cnnTrainParams } from '../../shared/kinds/cnn'
import type { RunDetail } from '../../shared/types'
import { call } from './lab'
import { buildTrainedCnn } from './cnnModel'

export interface TrainedModel {
  runId: number
  detail: RunDetail
  specs: LayerSpec[]
  net: CnnNetwork
  testAccuracy: number | null
}

const WEIGHT_PREFIX = 'cnn.weights.'

export function architectureOf(detail: RunDetail): LayerSpec[] {
  const parsed = cnnTrainParams.safeParse(detail.params)
  if (parsed.success) return parsed.data.architecture as LayerSpec[]
  const a = (detail.params as { architecture?: unknown }).architecture
  if (Array.isArray(a)) return a as LayerSpec[]
  throw new Error(`run #${detail.id} has no readable architecture in its params`)
}

export async function loadTrainedModel(runId: number): Promise<TrainedModel> {
  const detail = await call('runs.get', { runId })
  if (detail.kind !== cnnTrain.kind) throw new Error(`run #${runId} is a ${detail.kind} run, not a trained CNN`)
  const names = detail.artifacts
    .map((a) => a.name)
    .filter((n) => n.startsWith(WEIGHT_PREFIX))
    .sort((a, b) => Number(a.slice(WEIGHT_PREFIX.length)) - Number(b.slice(WEIGHT_PREFIX.length)))
  if (names.length === 0) throw new Error(`run #${runId} (${detail.status}) stored no weights: only a run that finished (done) can be inspected`)
  const specs = architectureOf(detail)
  const dataset = (detail.params as { dataset?: unknown }).dataset
  if (dataset !== undefined && dataset !== 'mnist') throw new Error(`run #${runId} was trained on an imported dataset; the CNN panel inspects networks trained on the bundled MNIST digits`)
  const arrays = await Promise.all(names.map((name) => call('runs.artifact', { runId, name })))
  const weights = arrays.map((a, k) => ({
    layer: Number(names[k].slice(WEIGHT_PREFIX.length)),
    data: a.data instanceof Float32Array ? a.data : Float32Array.from(a.data)
  }))
  const net = buildTrainedCnn(specs, weights)
  const acc = detail.result?.testAccuracy
  return { runId, detail, specs, net, testAccuracy: typeof acc === 'number' ? acc : null }
}

/** Stored cnn.train runs that can be inspected (finished, with weights), newest first. */
export async function inspectableRuns(): Promise<{ id: number; name: string; createdAt: string }[]> {
  const runs = await call('runs.list', { kind: cnnTrain.kind })
  return runs.filter((r) => r.status === 'done').sort((a, b) => b.id - a.id).map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt }))
}
