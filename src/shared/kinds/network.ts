import { z } from 'zod'
import { defineKind } from './define'
import { Augmentation, EarlyStoppingPatience, ResumeFrom, Schedule, TrainingControl, trainingInputRuns } from './training'

// Parameters of a feedforward network trained by explicit backpropagation (Sec. V,
// Eqs. 32–48) on MNIST digits or an imported IDX dataset.

/** Images and classes of the bundled MNIST digits (and of Fashion-MNIST). */
export const MNIST_INPUTS = 784
export const MNIST_CLASSES = 10
/** Size of the fixed training part of the bundled 10,000 digits (8,000 / 1,000 / 1,000). */
export const MNIST_TRAIN_SIZE = 8000

/**
 * Multiply-adds a training run may ask for before it needs an explicit confirmation: about ten
 * minutes of one core (~7·10⁹ a second, measured training 784-1024-1024-10 on a loaded
 * 2-core machine). The presets ask for 10⁹–10¹⁰; seven layers of 4096 for five epochs, 10¹³.
 */
export const NETWORK_BUDGET = 4e12

export const Activation = z.enum(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax'])

export const networkTrainParams = z
  .object({
    /** Layer sizes from input to output: [784, 128, 10] is one hidden layer of 128. */
    layers: z.array(z.number().int().min(1).max(4096)).min(2, 'give at least the input and output sizes').max(8, 'at most 7 weight layers').default([784, 128, 10]),
    hiddenActivation: Activation.default('relu'),
    outputActivation: Activation.default('softmax'),
    /** Leaky-ReLU slope for z < 0. */
    leakySlope: z.number().min(0).max(1).default(0.01),
    bias: z.boolean().default(true),
    loss: z.enum(['mse', 'crossEntropy']).default('crossEntropy'),
    /** 'mean' averages the gradient over the batch; 'sum' adds it up (the paper's appendix). */
    batchGradient: z.enum(['mean', 'sum']).default('mean'),
    optimizer: z.enum(['sgd', 'momentum', 'adam']).default('adam'),
    momentum: z.number().min(0).max(0.9999).default(0.9),
    betas: z.tuple([z.number().min(0).max(0.9999), z.number().min(0).max(0.99999)]).default([0.9, 0.999]),
    lr: z.number().positive('the learning rate must be > 0').max(100),
    schedule: Schedule.default({ type: 'constant' }),
    /** Samples per gradient step: 1 is stochastic gradient descent, the whole training set is full GD. */
    batchSize: z.number().int().min(1).max(60000).default(64),
    epochs: z.number().int().min(1).max(1000).default(5),
    init: z.enum(['randn', 'xavier', 'he']).default('he'),
    weightDecay: z.number().min(0).max(1).default(0),
    earlyStoppingPatience: EarlyStoppingPatience,
    /** 'raw' feeds the 0–255 pixel values as they are; 'unit' scales them to [0, 1]. */
    inputScaling: z.enum(['raw', 'unit']).default('unit'),
    augmentation: Augmentation.optional(),
    /** 'mnist' for the bundled digits, or the id of an imported dataset. */
    dataset: z.union([z.literal('mnist'), z.object({ importedId: z.number().int().positive() }).strict()]).default('mnist'),
    /** Batches between two validation measurements; 0 = once per epoch only. */
    evalEvery: z.number().int().min(0).max(100000).default(25),
    resumeFrom: ResumeFrom
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.dataset === 'mnist') {
      if (p.layers[0] !== MNIST_INPUTS)
        ctx.addIssue({ code: 'custom', path: ['layers', 0], message: `the first layer size must be ${MNIST_INPUTS}: MNIST digits have 28×28 = 784 pixels (got ${p.layers[0]})` })
      const last = p.layers[p.layers.length - 1]
      if (last !== MNIST_CLASSES)
        ctx.addIssue({ code: 'custom', path: ['layers', p.layers.length - 1], message: `the last layer size must be ${MNIST_CLASSES}, one output per digit class (got ${last})` })
      if (p.batchSize > MNIST_TRAIN_SIZE)
        ctx.addIssue({ code: 'custom', path: ['batchSize'], message: `batch size ${p.batchSize} exceeds the ${MNIST_TRAIN_SIZE} training digits` })
    }
    if (p.loss === 'crossEntropy' && p.outputActivation !== 'softmax')
      ctx.addIssue({ code: 'custom', path: ['outputActivation'], message: 'cross-entropy compares probabilities: the output activation must be softmax' })
    if (p.outputActivation === 'softmax' && p.layers[p.layers.length - 1] < 2)
      ctx.addIssue({ code: 'custom', path: ['layers'], message: 'softmax needs at least 2 outputs' })
    if (p.hiddenActivation === 'softmax' && p.layers.length > 2)
      ctx.addIssue({ code: 'custom', path: ['hiddenActivation'], message: 'softmax is an output activation, not a hidden one' })
  })

export const networkTrainControl = TrainingControl

export const networkTrainResult = z
  .object({
    epochsRun: z.number(),
    steps: z.number(),
    stoppedByUser: z.boolean(),
    stoppedEarly: z.boolean(),
    /** The epoch of the lowest validation loss (−1 when early stopping is off). */
    bestEpoch: z.number(),
    /** Why the net learned nothing, when the dead-ReLU check found out. */
    diagnosis: z.enum(['dead-output', 'dead-hidden-layer']).nullable(),
    /** Per weight layer: the fraction of its ReLUs dead at the last check. */
    deadFraction: z.array(z.number()),
    architecture: z
      .object({
        layers: z.array(z.number()),
        hiddenActivation: Activation,
        outputActivation: Activation,
        leakySlope: z.number(),
        bias: z.boolean(),
        inputScaling: z.enum(['raw', 'unit']),
        loss: z.enum(['mse', 'crossEntropy'])
      })
      .strict(),
    /** On the test split (absent when the dataset has none). */
    testAccuracy: z.number().optional(),
    testLoss: z.number().optional(),
    confusion: z.array(z.array(z.number())).optional(),
    misclassifiedCount: z.number().optional()
  })
  .strict()

export type NetworkTrainParams = z.output<typeof networkTrainParams>
export type NetworkTrainInput = z.input<typeof networkTrainParams>

/** Metric series: losses, accuracies, the learning rate, dead ReLU fractions per layer. */
export const NETWORK_SERIES = [
  'trainLoss',
  'valLoss',
  'valAccuracy',
  'trainAccuracy',
  'lr',
  'epoch',
  'deadFraction1',
  'deadFraction2',
  'deadFraction3',
  'deadFraction4',
  'deadFraction5',
  'deadFraction6',
  'deadFraction7'
] as const

export const networkTrain = defineKind({
  kind: 'network.train',
  title: 'Feedforward network (MNIST)',
  summary: 'Dense layers trained by backpropagation written out as in Eqs. 42–47; SGD (Eq. 48), momentum or Adam.',
  params: networkTrainParams,
  control: networkTrainControl,
  result: networkTrainResult,
  artifacts: [
    { name: 'weights.<layer>', description: 'layer l (from 1): W row-major nOut × nIn, then b, Float32' },
    { name: 'confusion', description: 'test-split confusion matrix, Int32 classes × classes (row = true class)' },
    { name: 'misclassified', description: 'the wrong test items: dataset index, true class, predicted class (Int32 triples)' }
  ],
  series: NETWORK_SERIES,
  plot: { x: 'epoch' },
  inputRuns: trainingInputRuns,
  // multiply-adds of one training pass (forward + two backward products per layer)
  cost: (p) => {
    let macs = 0
    for (let l = 0; l + 1 < p.layers.length; l++) macs += p.layers[l] * p.layers[l + 1]
    return 3 * macs * MNIST_TRAIN_SIZE * p.epochs
  },
  budget: NETWORK_BUDGET,
  workUnit: 'multiply–adds',
  // 784-512-512-10, Adam, 2 epochs (3.2·10¹⁰) took 4.5 s of training on one worker of a loaded
  // two-core machine (2026-12-07): 7·10⁹/s, as NETWORK_BUDGET says.
  typicalRate: 7e9
})

export interface NetworkPreset {
  id: string
  title: string
  description: string
  params: NetworkTrainInput
}

const appendix: NetworkTrainInput = {
  layers: [784, 100, 10],
  hiddenActivation: 'relu',
  outputActivation: 'relu',
  bias: false,
  loss: 'mse',
  batchGradient: 'sum',
  optimizer: 'sgd',
  lr: 1e-3,
  batchSize: 64,
  epochs: 2,
  init: 'randn',
  inputScaling: 'raw'
}

export const networkPresets: NetworkPreset[] = [
  {
    id: 'paper-appendix',
    title: 'Paper appendix (as printed)',
    description:
      '784-100-10, no biases, ReLU on both layers, MSE against one-hot targets, randn weights, batch 64 with the gradient summed over the batch, lr 1e-3, 2 epochs, raw 0–255 pixels. It dies: the first steps overshoot, every output ReLU goes to zero and the loss sits at 0.1.',
    params: appendix
  },
  {
    id: 'paper-appendix-scaled',
    title: 'Appendix, inputs scaled to [0, 1]',
    description:
      'Only the pixels change (divided by 255). With N(0,1) weights the output ReLUs still die under MSE against one-hot targets (each output is pushed down on 9 samples in 10): scaling alone is not enough, the initialisation matters too.',
    params: { ...appendix, inputScaling: 'unit' }
  },
  {
    id: 'paper-appendix-he',
    title: 'Appendix, scaled inputs + He init',
    description:
      'Scaled pixels, He-initialised weights (std √(2/n_in)) instead of N(0,1), the gradient averaged over the batch, lr 0.2, 5 epochs: the ReLUs stay alive and the network learns (≈ 89 % test accuracy).',
    params: { ...appendix, inputScaling: 'unit', batchGradient: 'mean', init: 'he', lr: 0.2, epochs: 5 }
  },
  {
    id: 'paper-appendix-sigmoid',
    title: 'Appendix with sigmoid',
    description:
      'The exercise at the end of the appendix: sigmoid instead of ReLU on both layers, with scaled pixels, Xavier init and the gradient averaged over the batch (lr 2, 5 epochs; ≈ 87 %). Sigmoid never dies, but with raw pixels and N(0,1) weights it saturates and learns nothing either.',
    params: { ...appendix, hiddenActivation: 'sigmoid', outputActivation: 'sigmoid', inputScaling: 'unit', batchGradient: 'mean', init: 'xavier', lr: 2, epochs: 5 }
  },
  {
    id: 'modern-mlp',
    title: 'Modern MLP',
    description: '784-128-10, ReLU, softmax cross-entropy, Adam (lr 1e-3), He init, biases.',
    params: {
      layers: [784, 128, 10],
      hiddenActivation: 'relu',
      outputActivation: 'softmax',
      bias: true,
      loss: 'crossEntropy',
      optimizer: 'adam',
      lr: 1e-3,
      batchSize: 64,
      epochs: 5,
      init: 'he',
      inputScaling: 'unit'
    }
  }
]
