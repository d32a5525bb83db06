// Early stopping on the validation loss: when the loss on data the weights never trained on
// stops falling while the training loss still does, the network has begun to memorise
// (overfit). Keep the best weights seen and stop after `patience` epochs without progress.

export interface EarlyStopping {
  /** Record the validation loss at the end of an epoch; returns true when training should stop. */
  update(valLoss: number, epoch: number, snapshot: () => Float32Array[]): boolean
  readonly bestLoss: number
  readonly bestEpoch: number
  /** Weights at the best epoch (null until one was recorded). */
  readonly bestWeights: Float32Array[] | null
}

/** patience = 0 switches stopping off (the best epoch is still tracked). minDelta: smallest gain that counts. */
export function earlyStopping(patience: number, minDelta = 0): EarlyStopping {
  let bestLoss = Infinity
  let bestEpoch = -1
  let bestWeights: Float32Array[] | null = null
  let waited = 0
  return {
    update(valLoss, epoch, snapshot) {
      if (valLoss < bestLoss - minDelta) {
        bestLoss = valLoss
        bestEpoch = epoch
        bestWeights = patience > 0 ? snapshot() : null
        waited = 0
        return false
      }
      waited++
      return patience > 0 && waited >= patience
    },
    get bestLoss() {
      return bestLoss
    },
    get bestEpoch() {
      return bestEpoch
    },
    get bestWeights() {
      return bestWeights
    }
  }
}
