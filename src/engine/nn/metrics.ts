// Classification read-outs: the predicted class of each output row, accuracy, the confusion
// matrix, and the dead-unit count of a ReLU layer.

/** Index of the largest output of row r (the predicted class). */
export function argmaxRow(y: Float32Array, r: number, width: number): number {
  const off = r * width
  let best = 0
  let bestV = y[off]
  for (let i = 1; i < width; i++) {
    if (y[off + i] > bestV) {
      bestV = y[off + i]
      best = i
    }
  }
  return best
}

/** Number of rows whose argmax equals the label. */
export function countCorrect(y: Float32Array, labels: ArrayLike<number>, n: number, width: number): number {
  let c = 0
  for (let r = 0; r < n; r++) if (argmaxRow(y, r, width) === labels[r]) c++
  return c
}

/** classes×classes counts, row = true label, column = predicted label. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): Int32Array {
  const m = new Int32Array(classes * classes)
  for (let i = 0; i < truth.length; i++) m[truth[i] * classes + predicted[i]]++
  return m
}

/**
 * A ReLU unit is dead on a batch when its output is zero for every sample: z < 0 everywhere,
 * so by Eq. 45 no gradient passes through it and its incoming weights stop changing.
 * Returns the number of such units among the `width` columns of y (n rows).
 */
export function deadUnits(y: Float32Array, n: number, width: number, alive: Uint8Array = new Uint8Array(width)): number {
  alive.fill(0, 0, width)
  markAlive(y, n, width, alive)
  return countDead(alive, width)
}

/** Set alive[i] = 1 for every unit i with a nonzero output on some row (accumulates across calls). */
export function markAlive(y: Float32Array, n: number, width: number, alive: Uint8Array): void {
  for (let r = 0; r < n; r++) {
    const off = r * width
    for (let i = 0; i < width; i++) if (y[off + i] !== 0) alive[i] = 1
  }
}

export function countDead(alive: Uint8Array, width: number): number {
  let dead = 0
  for (let i = 0; i < width; i++) if (!alive[i]) dead++
  return dead
}
