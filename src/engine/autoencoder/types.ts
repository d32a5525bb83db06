// The params of an autoencoder run as the engine reads them: the output of the zod schema in
// src/shared/kinds/autoencoder.ts (defaults applied), restated so that the engine depends on
// no validation library (the binding checks at compile time that the two agree).

import type { ActivationName } from '../nn/activations'
import type { TrainingParams } from '../train/params'
import type { ReconstructionLoss } from './reconstruction'
import type { InputNoise } from './noise'
import type { OscillatorParams } from './oscillator'

export type AutoencoderSource =
  | { source: 'mnist' }
  | { source: 'idx'; importedId: number }
  | { source: 'ising'; runId: number }
  | ({ source: 'oscillator' } & OscillatorParams)

/** Which items count as normal (trained on); the rest are the anomalies to detect. */
export type AnomalyRule = { heldOutClass: number } | { normalBelowT: number }

export interface AutoencoderTrainParams extends TrainingParams {
  dataset: AutoencoderSource
  encoder: number[]
  latent: number
  /** Hidden widths of the decoder; absent: the encoder's, mirrored. */
  decoder?: number[]
  hiddenActivation: ActivationName
  latentActivation: ActivationName
  /** 'auto': sigmoid for pixels, tanh for spins, linear for trajectories. */
  outputActivation: ActivationName | 'auto'
  leakySlope: number
  variational: boolean
  beta: number
  tied: boolean
  loss: ReconstructionLoss
  /** Denoising: corrupt the training inputs, keep the clean targets. */
  noise?: InputNoise
  anomaly?: AnomalyRule
  /** Training items used per epoch (the first of the split); 0 = all. */
  trainSize: number
}
