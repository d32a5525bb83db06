// Anomaly detection as the paper describes it (Sec. VII): train on normal data only, then flag
// items whose reconstruction loss exceeds a threshold — the bottleneck has learnt to carry what
// normal items have, and fails on what they lack. Normal is "every class but one" for images,
// "below a temperature" for Ising configurations (ordered states; the disordered ones are the
// anomalies). The baseline any detector must beat: the distance of an item from the mean of
// the normal training items, (1/n) Σ_i (x_i − x̄_i)², which needs no network at all.

import type { AutoencoderData } from './data'
import type { AnomalyRule } from './types'

/** Which items are normal under the rule. `T` gives each item's temperature (Ising data). */
export function normalItems(rule: AnomalyRule, data: AutoencoderData, T: ArrayLike<number> | null): (i: number) => boolean {
  if ('heldOutClass' in rule) {
    const labels = data.labels
    if (!labels) throw new Error('holding out a class needs labelled images')
    return (i) => labels[i] !== rule.heldOutClass
  }
  if (!T) throw new Error('a temperature threshold needs Ising configurations (their T)')
  return (i) => T[i] < rule.normalBelowT
}

/** The pixel-mean-distance baseline: each item's mean squared distance from the mean of `normal` items. */
export function meanDistanceScores(data: AutoencoderData, normal: ArrayLike<number>, items: ArrayLike<number>): Float32Array {
  const w = data.inputSize
  const mean = new Float64Array(w)
  const row = new Float32Array(w)
  for (let s = 0; s < normal.length; s++) {
    data.item(normal[s], row, 0)
    for (let j = 0; j < w; j++) mean[j] += row[j]
  }
  for (let j = 0; j < w; j++) mean[j] /= Math.max(1, normal.length)
  const scores = new Float32Array(items.length)
  for (let s = 0; s < items.length; s++) {
    data.item(items[s], row, 0)
    let d = 0
    for (let j = 0; j < w; j++) d += (row[j] - mean[j]) ** 2
    scores[s] = d / w
  }
  return scores
}
