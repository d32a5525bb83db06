// Divergence: the loss is NaN or infinite, or has grown a millionfold above its first value
// (and above 1): the steps overshoot further each time (a float64 sum of float32 outputs could
// otherwise climb to 1e40 before turning into Infinity). Training stops with a message that
// says where it happened and what likely caused it.

export const diverged = (loss: number, first: number): boolean => !(Math.abs(loss) <= 1e6 * Math.max(1, Math.abs(first)))

export class TrainingDiverged extends Error {
  constructor(
    readonly loss: number,
    readonly epoch: number,
    readonly batch: number,
    causes: readonly string[]
  ) {
    const what = Number.isFinite(loss) ? `grew to ${loss.toPrecision(3)}, a millionfold its start,` : `became ${loss}`
    super(`the loss ${what} at epoch ${epoch + 1}, batch ${batch + 1}: training diverged. Likely cause: ${causes.join('; ')}.`)
    this.name = 'TrainingDiverged'
  }
}
