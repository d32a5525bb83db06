// Watching the ReLU layers of a training network for dead units (Eq. 45: a unit whose z < 0 on
// every input passes no gradient and stops learning), with a log line naming the layer and
// the likely cause the first time half of a layer, then all of it, has died.

import type { JobContext } from '../job'
import { countDead, markAlive } from './metrics'
import type { Network, Workspace } from './network'
import type { NetworkTrainParams } from './types'

/** Fewest samples a ReLU must stay at zero on to count as dead. */
const DEAD_WINDOW = 64

export type DeadDiagnosis = 'dead-output' | 'dead-hidden-layer'

export interface DeadUnitMonitor {
  /** Whether the network has ReLU layers at all. */
  readonly watching: boolean
  /** After a training step on n rows whose forward values are in the workspace. */
  observe(n: number, epoch: number, step: number): void
  /** deadFraction<l> columns of a metric row. */
  columns(row: Record<string, number>): void
  fractions(): number[]
  diagnosis(): DeadDiagnosis | null
}

/** What usually kills ReLUs, from the params, and the remedies. */
export function deadCause(p: NetworkTrainParams): string {
  const parts: string[] = []
  if (p.inputScaling === 'raw') parts.push('unscaled 0–255 inputs make z = Wx of order 10³–10⁴')
  if (p.init === 'randn') parts.push('randn init (std 1) instead of He (std √(2/n_in))')
  if (p.batchGradient === 'sum') parts.push(`the gradient summed over ${p.batchSize} samples`)
  if (p.lr >= 0.1 && p.optimizer !== 'adam') parts.push(`a large learning rate (${p.lr})`)
  const cause = parts.length ? `Likely cause: ${parts.join(', ')} — the first updates overshoot and push z below zero for every input.` : 'Likely cause: a too large step pushed the pre-activations below zero.'
  return `${cause} Remedies: scale inputs to [0, 1], He init, a smaller learning rate, leaky ReLU or sigmoid.`
}

export function deadUnitMonitor(net: Network, ws: Workspace, params: NetworkTrainParams, ctx: Pick<JobContext, 'log'>, trainCount: number): DeadUnitMonitor {
  const L = net.layers.length
  const reluLayers = net.layers.map((l, i) => (l.activation === 'relu' ? i : -1)).filter((i) => i >= 0)
  // Dead units are judged on at least DEAD_WINDOW samples (one batch of 64, or several small
  // batches): with batch 1 half of the ReLUs are zero on that one sample without being dead.
  const window = Math.min(DEAD_WINDOW, trainCount)
  const alive = net.layers.map((l) => new Uint8Array(l.nOut))
  const deadFraction = new Float64Array(L)
  const logged = new Uint8Array(L) // 1: logged ≥ half dead, 2: logged all dead
  let seen = 0
  let diagnosis: DeadDiagnosis | null = null

  return {
    watching: reluLayers.length > 0,
    observe(n, epoch, step) {
      for (const l of reluLayers) markAlive(ws.y[l], n, net.layers[l].nOut, alive[l])
      seen += n
      if (seen < window) return
      const onWhat = seen === n ? 'every sample of the batch' : `every one of the last ${seen} samples`
      seen = 0
      for (const l of reluLayers) {
        const width = net.layers[l].nOut
        deadFraction[l] = countDead(alive[l], width) / width
        alive[l].fill(0)
        const isOutput = l === L - 1
        const where = isOutput ? `output layer (layer ${l + 1})` : `hidden layer ${l + 1}`
        if (deadFraction[l] === 1 && logged[l] < 2) {
          logged[l] = 2
          ctx.log(
            isOutput
              ? `Dying ReLU at the output (epoch ${epoch + 1}, step ${step}): every output ReLU is zero on ${onWhat}, z < 0 everywhere, so by Eq. 45 ∂σ/∂z = 0 and no gradient reaches any weight — the loss is stuck (plateau) and the network predicts nothing. ${deadCause(params)}`
              : `Dying ReLU in ${where} (epoch ${epoch + 1}, step ${step}): all ${width} units are zero on ${onWhat}, so no gradient flows below this layer (Eq. 45). ${deadCause(params)}`
          )
          if (isOutput || diagnosis === null) diagnosis = isOutput ? 'dead-output' : 'dead-hidden-layer'
        } else if (deadFraction[l] >= 0.5 && logged[l] < 1) {
          logged[l] = 1
          ctx.log(
            `Dead ReLUs in ${where} (epoch ${epoch + 1}, step ${step}): ${Math.round(deadFraction[l] * width)} of ${width} units are zero on ${onWhat} and no longer learn (Eq. 45). ${deadCause(params)}`
          )
        }
      }
    },
    columns(row) {
      for (const l of reluLayers) row[`deadFraction${l + 1}`] = deadFraction[l]
    },
    fractions: () => Array.from(deadFraction),
    diagnosis: () => diagnosis
  }
}
