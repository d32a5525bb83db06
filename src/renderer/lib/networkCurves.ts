// Reading a training's curves: when did the validation loss stop following the training loss
// (overfitting), and which ReLU layers have dead units. Pure: unit-tested.

export interface Overfitting {
  /** Epoch position of the lowest validation loss. */
  bestEpoch: number
  bestLoss: number
  lastLoss: number
  /** lastLoss / bestLoss − 1. */
  rise: number
}

/** Finite points of a series: indices where both x and y are numbers. */
function finite(x: ArrayLike<number>, y: ArrayLike<number>): number[] {
  const out: number[] = []
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) out.push(i)
  return out
}

/**
 * Overfitting: the validation loss has risen at least `threshold` (10 %) above its minimum,
 * over at least two later measurements, while the training loss went on falling. Null otherwise.
 */
export function detectOverfitting(
  x: ArrayLike<number>,
  trainLoss: ArrayLike<number>,
  valLoss: ArrayLike<number>,
  threshold = 0.1
): Overfitting | null {
  const v = finite(x, valLoss)
  if (v.length < 3) return null
  let best = v[0]
  for (const i of v) if (valLoss[i] < valLoss[best]) best = i
  const after = v.filter((i) => i > best)
  if (after.length < 2) return null
  const last = v[v.length - 1]
  const rise = valLoss[last] / valLoss[best] - 1
  if (!(valLoss[best] > 0) || rise < threshold) return null
  // the training loss near the minimum vs at the end (mean of the few points around each)
  const t = finite(x, trainLoss)
  const near = (at: number): number => {
    const idx = t.filter((i) => Math.abs(i - at) <= 2)
    return idx.length ? idx.reduce((s, i) => s + trainLoss[i], 0) / idx.length : NaN
  }
  const tBest = near(best)
  const tLast = near(t.length ? t[t.length - 1] : last)
  if (!(tLast < tBest)) return null
  return { bestEpoch: x[best], bestLoss: valLoss[best], lastLoss: valLoss[last], rise }
}

/** The dead-unit series that carry data (layers with ReLUs), as 1-based layer numbers. */
export function deadLayers(values: Record<string, ArrayLike<number>>, maxLayers = 7): number[] {
  const out: number[] = []
  for (let l = 1; l <= maxLayers; l++) {
    const y = values[`deadFraction${l}`]
    if (y && Array.from(y).some((v) => Number.isFinite(v))) out.push(l)
  }
  return out
}

/** Last finite value of a series (NaN if none). */
export function lastFinite(y: ArrayLike<number>): number {
  for (let i = y.length - 1; i >= 0; i--) if (Number.isFinite(y[i])) return y[i]
  return NaN
}
