// Learning-rate schedules: start large to escape poor minima, finish small to settle into
// one (the paper's "dynamically adjust one's learning rate").

export type Schedule =
  | { type: 'constant' }
  /** Multiply by gamma every `every` epochs. */
  | { type: 'step'; every: number; gamma: number }
  /** Multiply by gamma after every epoch. */
  | { type: 'exponential'; gamma: number }
  /** Half a cosine from lr0 down to minLr over the whole run, batch by batch. */
  | { type: 'cosine'; minLr: number }
  /** A straight line from lr0 to finalLr over the whole run, batch by batch. */
  | { type: 'linear'; finalLr: number }

/**
 * The learning rate after `epochsDone` full epochs and a fraction `progress` ∈ [0, 1] of the
 * whole run (batches seen / total batches).
 */
export function learningRate(s: Schedule, lr0: number, epochsDone: number, progress: number): number {
  switch (s.type) {
    case 'constant':
      return lr0
    case 'step':
      return lr0 * Math.pow(s.gamma, Math.floor(epochsDone / s.every))
    case 'exponential':
      return lr0 * Math.pow(s.gamma, epochsDone)
    case 'cosine': {
      const t = Math.min(1, Math.max(0, progress))
      return s.minLr + 0.5 * (lr0 - s.minLr) * (1 + Math.cos(Math.PI * t))
    }
    case 'linear':
      return lr0 + (s.finalLr - lr0) * Math.min(1, Math.max(0, progress))
  }
}
