// The reconstruction loss of an autoencoder (the paper's footnote 19): how far the decoder's
// output y is from the clean input t, per sample, and its error δ = ∂L/∂z at the output layer.
//
//   MSE (Eq. 39):  ℓ = Σ_i (y_i − t_i)²
//   BCE:           ℓ = −Σ_i [t'_i log p_i + (1 − t'_i) log(1 − p_i)]
//
// times a per-sample `scale`: 1/width for a plain autoencoder (Eq. 39's mean over the outputs,
// so that a 1-neuron net on ±1 spins can be compared with 1 − m²), 1 for a VAE (a negative
// log-likelihood in nats, summed over the outputs: Bernoulli for BCE, a Gaussian of variance ½
// for MSE, up to a constant).
//
// BCE reads the output as the probability of the upper of the data's two values: a sigmoid
// output over [0, 1] pixels (p = y, t' = t) or a tanh output over ±1 spins (p = (1 + y)/2 =
// σ(2z), t' = (1 + t)/2). It is computed from the logit a = z or 2z, never from log p: for a
// saturated output log p would be −∞ while softplus(a) − t'a stays finite.

import { activationBackward, sigmoid, type ActivationName } from '../nn/activations'

export type ReconstructionLoss = 'mse' | 'bce'

/** An output BCE reads as a probability: logit a = k·z, values lo and lo + span (t' = (t − lo)/span). */
interface BceOutput {
  k: number
  lo: number
  span: number
}

const BCE_OUTPUT: Partial<Record<ActivationName, BceOutput>> = {
  sigmoid: { k: 1, lo: 0, span: 1 },
  tanh: { k: 2, lo: -1, span: 2 }
}

function bceOutput(act: ActivationName): BceOutput {
  const o = BCE_OUTPUT[act]
  if (!o) throw new Error(`binary cross-entropy needs a sigmoid or tanh output (got ${act})`)
  return o
}

/** log(1 + e^a) without overflow. */
function softplus(a: number): number {
  return Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)))
}

/**
 * Per-sample loss of n rows (pre-activations z, outputs y, targets t, each n×width); writes row
 * r's loss to perRow[offset + r] when given and returns the sum over the rows.
 */
export function reconstructionLoss(
  loss: ReconstructionLoss,
  act: ActivationName,
  z: Float32Array,
  y: Float32Array,
  t: Float32Array,
  n: number,
  width: number,
  scale: number,
  perRow?: Float32Array | Float64Array,
  offset = 0
): number {
  const bce = loss === 'bce' ? bceOutput(act) : null
  let total = 0
  for (let r = 0; r < n; r++) {
    const off = r * width
    let s = 0
    if (bce) {
      for (let i = off; i < off + width; i++) {
        const a = bce.k * z[i]
        s += softplus(a) - ((t[i] - bce.lo) / bce.span) * a
      }
    } else {
      for (let i = off; i < off + width; i++) {
        const d = y[i] - t[i]
        s += d * d
      }
    }
    s *= scale
    if (perRow) perRow[offset + r] = s
    total += s
  }
  return total
}

/**
 * δ = ∂(c · Σ_rows ℓ)/∂z into dz (n×width); c is the per-sample scale over the batch size for
 * a batch mean. dy is scratch for MSE (∂L/∂y before the activation's derivative).
 */
export function reconstructionDelta(
  loss: ReconstructionLoss,
  act: ActivationName,
  z: Float32Array,
  y: Float32Array,
  t: Float32Array,
  dy: Float32Array,
  dz: Float32Array,
  n: number,
  width: number,
  c: number,
  leak: number
): void {
  const len = n * width
  if (loss === 'bce') {
    // ∂ℓ/∂z = k (σ(a) − t'): the sigmoid's derivative cancels the 1/(p(1 − p)) of the loss
    const { k, lo, span } = bceOutput(act)
    for (let i = 0; i < len; i++) dz[i] = c * k * (sigmoid(k * z[i]) - (t[i] - lo) / span)
    return
  }
  for (let i = 0; i < len; i++) dy[i] = 2 * c * (y[i] - t[i]) // Eq. 43
  activationBackward(act, z, y, dy, dz, n, width, leak) // Eqs. 44–45
}
