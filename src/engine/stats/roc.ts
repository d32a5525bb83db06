// Scoring a detector: items with a score (here a reconstruction loss, the paper's anomaly
// score) and a truth (anomalous or not); flag every item whose score exceeds a threshold.
// The ROC curve is the true-positive rate against the false-positive rate as the threshold
// sweeps from above every score to below every score; its area (AUC) is the probability that
// a random anomalous item scores higher than a random normal one (ties count ½: the
// Mann–Whitney statistic).

export interface Roc {
  /** Points from (0, 0) to (1, 1): one per distinct score, plus the origin. */
  fpr: Float64Array
  tpr: Float64Array
  /** The threshold of each point: items with score ≥ it are flagged (+∞ at the origin). */
  thresholds: Float64Array
  auc: number
  positives: number
  negatives: number
}

/** The ROC curve and AUC of `scores` against `anomalous` (nonzero = anomalous). */
export function roc(scores: ArrayLike<number>, anomalous: ArrayLike<number>): Roc {
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[j] - scores[i])
  let P = 0
  for (let i = 0; i < n; i++) if (anomalous[i]) P++
  const N = n - P
  const fpr = [0]
  const tpr = [0]
  const thresholds = [Infinity]
  let tp = 0
  let fp = 0
  let auc = 0
  for (let k = 0; k < n; ) {
    const s = scores[order[k]]
    // every item tied at this score goes over the threshold together: one point, a trapezoid
    let dtp = 0
    let dfp = 0
    for (; k < n && scores[order[k]] === s; k++) {
      if (anomalous[order[k]]) dtp++
      else dfp++
    }
    auc += dfp * (tp + dtp / 2)
    tp += dtp
    fp += dfp
    fpr.push(N > 0 ? fp / N : 0)
    tpr.push(P > 0 ? tp / P : 0)
    thresholds.push(s)
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), thresholds: Float64Array.from(thresholds), auc: P > 0 && N > 0 ? auc / (P * N) : NaN, positives: P, negatives: N }
}

export interface ThresholdCounts {
  truePositives: number
  falsePositives: number
  falseNegatives: number
  trueNegatives: number
  /** Of the flagged items, the share that are anomalous (NaN when nothing is flagged). */
  precision: number
  /** Of the anomalous items, the share flagged. */
  recall: number
}

/** What flagging every item with score ≥ threshold gets right and wrong. */
export function atThreshold(scores: ArrayLike<number>, anomalous: ArrayLike<number>, threshold: number): ThresholdCounts {
  let tp = 0
  let fp = 0
  let fn = 0
  let tn = 0
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i] >= threshold
    if (anomalous[i]) {
      if (flagged) tp++
      else fn++
    } else if (flagged) fp++
    else tn++
  }
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision: tp + fp > 0 ? tp / (tp + fp) : NaN, recall: tp + fn > 0 ? tp / (tp + fn) : NaN }
}
