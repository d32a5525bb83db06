import { z } from 'zod'
import { RunId } from '../primitives'

// Training parameters shared by the kinds that train with the lab's training loop
// (src/engine/train/loop.ts): network.train, cnn.train, autoencoder.train.

export const Schedule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('constant') }).strict(),
  z
    .object({
      type: z.literal('step'),
      /** Epochs between two cuts. */
      every: z.number().int().min(1).max(1000),
      gamma: z.number().positive().max(1)
    })
    .strict(),
  z.object({ type: z.literal('exponential'), gamma: z.number().positive().max(1) }).strict(),
  z.object({ type: z.literal('cosine'), minLr: z.number().min(0).max(10) }).strict()
])

export const Augmentation = z
  .object({
    /** Largest shift in pixels. */
    shift: z.number().min(0).max(6).default(0),
    /** Largest rotation in degrees. */
    rotation: z.number().min(0).max(45).default(0),
    /** Largest relative zoom, e.g. 0.1 for ±10 %. */
    zoom: z.number().min(0).max(0.5).default(0),
    /** Gaussian noise, standard deviation as a fraction of the pixel range. */
    noise: z.number().min(0).max(1).default(0)
  })
  .strict()

/** Stop after this many epochs without a lower validation loss, keeping the best weights; 0 = never. */
export const EarlyStoppingPatience = z.number().int().min(0).max(1000).default(0)

/** Start from the final weights of an earlier run of the same kind and architecture. */
export const ResumeFrom = z.object({ runId: RunId }).strict().optional()

/** KindSpec.inputRuns of a training: its imported image set and the run it trains further. */
export function trainingInputRuns<P extends { dataset: 'mnist' | { importedId: number }; resumeFrom?: { runId: number } }>(p: P, to: (runId: number) => number): P {
  return {
    ...p,
    ...(typeof p.dataset === 'object' ? { dataset: { importedId: to(p.dataset.importedId) } } : {}),
    ...(p.resumeFrom ? { resumeFrom: { runId: to(p.resumeFrom.runId) } } : {})
  }
}

/** The live control of a training run: a new base learning rate from the next batch on (the schedule scales it). */
export const TrainingControl = z
  .object({
    lr: z.number().positive().max(100).optional()
  })
  .strict()
