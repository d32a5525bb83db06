import type { z } from 'zod'
import type { AutoencoderTrainInput } from './autoencoder'
import type { isingDatasetParams } from './isingDataset'

// The Autoencoder panel's presets (Sec. VII). Fig. 14 trains on an Ising dataset: the preset
// says which one to generate when none is stored, and the panel puts the dataset's run into
// `dataset` before it starts the training.

export interface AutoencoderPreset {
  id: 'fig14' | 'mnist-2d' | 'denoising' | 'anomaly' | 'vae-mnist' | 'beta-vae-oscillator'
  title: string
  description: string
  params: AutoencoderTrainInput
  /** An Ising dataset to generate (ising.dataset params) when no fitting one is stored. */
  generate?: z.input<typeof isingDatasetParams>
}

/** Fig. 14's data: 4,000 configurations of L = 20, 200 at each of 20 temperatures over 1.5–3.5. */
export const FIG14_DATASET: z.input<typeof isingDatasetParams> = { L: 20, range: { Tmin: 1.5, Tmax: 3.5, points: 20 }, samples: 200, algorithm: 'metropolis' }

const adam = { optimizer: 'adam', lr: 1e-3, batchSize: 64 } as const

export const autoencoderPresets: AutoencoderPreset[] = [
  {
    id: 'fig14',
    title: 'Fig. 14 (Ising, 1 latent neuron)',
    description:
      '400-256-64-1-64-256-400, tanh, MSE, Adam 1e-3, batch 64, 50 epochs on 4,000 L = 20 configurations across Tc (generated first when none is stored). The one latent neuron learns the magnetization: its distance from the disordered value follows ⟨|m|⟩.',
    params: { ...adam, encoder: [256, 64], latent: 1, hiddenActivation: 'tanh', latentActivation: 'linear', outputActivation: 'auto', loss: 'mse', epochs: 50 },
    generate: FIG14_DATASET
  },
  {
    id: 'mnist-2d',
    title: 'MNIST 2-D latent',
    description: '784-256-64-2-64-256-784, ReLU, sigmoid output, binary cross-entropy, 20 epochs: every digit becomes a point of a plane you can look at and decode.',
    params: { ...adam, dataset: { source: 'mnist' }, encoder: [256, 64], latent: 2, hiddenActivation: 'relu', loss: 'bce', epochs: 20 }
  },
  {
    id: 'denoising',
    title: 'Denoising MNIST',
    description: '784-256-32-256-784, trained on digits with 20 % of the pixels flipped and the clean digit as target, 10 epochs: the bottleneck keeps the structure and drops the noise.',
    params: { ...adam, dataset: { source: 'mnist' }, encoder: [256], latent: 32, hiddenActivation: 'relu', loss: 'bce', noise: { type: 'flip', level: 0.2 }, epochs: 10 }
  },
  {
    id: 'anomaly',
    title: 'Anomaly detection (digits without 2)',
    description:
      '784-256-4-256-784 trained on every digit but 2, 10 epochs; the 2s are the anomalies, scored by their reconstruction loss against a pixel-mean-distance baseline. A narrow bottleneck generalises less: with 16 latent neurons the network reconstructs the unseen digits too well. (A held-out 1 fails: its strokes are part of every other digit.)',
    params: { ...adam, dataset: { source: 'mnist' }, encoder: [256], latent: 4, hiddenActivation: 'relu', loss: 'bce', anomaly: { heldOutClass: 2 }, epochs: 10 }
  },
  {
    id: 'vae-mnist',
    title: 'VAE MNIST',
    description: 'A variational autoencoder 784-256-2(μ, log σ²)-256-784, ReLU, Bernoulli likelihood (BCE summed over pixels) + KL, 30 epochs: sample the prior N(0, 1) through the decoder and walk between digits.',
    params: { ...adam, dataset: { source: 'mnist' }, encoder: [256], latent: 2, hiddenActivation: 'relu', loss: 'bce', variational: true, beta: 1, epochs: 30 }
  },
  {
    id: 'beta-vae-oscillator',
    title: 'β-VAE oscillator',
    description:
      'Trajectories x(t) of m ẍ + b ẋ + k x = 0 from rest at x = 1 (m ∈ [0.8, 1.25], k ∈ [0.5, 4], b ∈ [0.05, 1]); a β-VAE 64-64-32-2-32-64-64, tanh, β = 0.3, 40 epochs. Only k/m and b/m shape x(t): no latent can learn m, k or b on its own. β weighs the KL against a Gaussian likelihood of variance ½ summed over the 64 points: from β ≈ 0.3 up each latent follows one of the two ratios; at 0.01 they mix.',
    params: { ...adam, dataset: { source: 'oscillator' }, encoder: [64, 32], latent: 2, hiddenActivation: 'tanh', loss: 'mse', variational: true, beta: 0.3, epochs: 40 }
  }
]
