// Optimisers behind one interface: each takes the gradients of a batch and moves the
// parameters downhill on the loss landscape. Eq. 48 writes the step as W + ηΔW with ΔW the
// descent direction; with ΔW = ∂L/∂W as computed here, the step is W − η ∂L/∂W (which is what
// the paper's code does: `w1 -= learning_rate * grad_w1_batch`).

import { adamWasm } from './adamWasm'

export type OptimizerName = 'sgd' | 'momentum' | 'adam'

export interface OptimizerConfig {
  name: OptimizerName
  /** Momentum coefficient μ (momentum only). */
  momentum?: number
  /** Adam's decay rates (β1, β2). */
  betas?: [number, number]
  /** Adam's ε in the denominator. */
  eps?: number
}

export interface Optimizer {
  readonly name: OptimizerName
  /** One update of every parameter array from its gradient, at learning rate lr. */
  step(params: Float32Array[], grads: Float32Array[], lr: number): void
}

/** Eq. 48: plain gradient descent. Batch = 1 is stochastic GD, batch = all is full GD. */
export function sgd(): Optimizer {
  return {
    name: 'sgd',
    step(params, grads, lr) {
      for (let p = 0; p < params.length; p++) {
        const w = params[p]
        const g = grads[p]
        for (let i = 0; i < w.length; i++) w[i] -= lr * g[i]
      }
    }
  }
}

/**
 * Heavy-ball momentum: v ← μv + g, W ← W − ηv. The velocity integrates past gradients like a
 * particle with friction 1−μ rolling on the loss landscape (the PyTorch convention).
 */
export function momentum(params: Float32Array[], mu: number): Optimizer {
  const v = params.map((p) => new Float32Array(p.length))
  return {
    name: 'momentum',
    step(ps, grads, lr) {
      for (let p = 0; p < ps.length; p++) {
        const w = ps[p]
        const g = grads[p]
        const vp = v[p]
        for (let i = 0; i < w.length; i++) {
          const vi = mu * vp[i] + g[i]
          vp[i] = vi
          w[i] -= lr * vi
        }
      }
    }
  }
}

/**
 * Adam (Kingma & Ba): running means of g and g², bias-corrected for their zero start, and a
 * step η m̂/(√v̂ + ε) that is roughly η in every coordinate whatever the gradient's scale.
 * The update of the numbers is `update`'s: the WebAssembly kernel where it runs (adamWasm.ts),
 * else the loop of adamTs; the two give the same bits.
 */
export function adam(params: Float32Array[], beta1: number, beta2: number, eps: number, update: AdamUpdate = adamWasm(params, beta1, beta2, eps) ?? adamTs(params, beta1, beta2, eps)): Optimizer {
  let t = 0
  return {
    name: 'adam',
    step(ps, grads, lr) {
      t++
      update(ps, grads, lr, 1 / (1 - Math.pow(beta1, t)), 1 / (1 - Math.pow(beta2, t)))
    }
  }
}

/** Adam's update of every parameter at step t, given the bias corrections c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ); it keeps the moments. */
export type AdamUpdate = (params: Float32Array[], grads: Float32Array[], lr: number, c1: number, c2: number) => void

/** Adam's update in TypeScript: moments in float32, the step in float64 from the unrounded moments. */
export function adamTs(params: Float32Array[], beta1: number, beta2: number, eps: number): AdamUpdate {
  const m = params.map((p) => new Float32Array(p.length))
  const v = params.map((p) => new Float32Array(p.length))
  return (ps, grads, lr, c1, c2) => {
    for (let p = 0; p < ps.length; p++) {
      const w = ps[p]
      const g = grads[p]
      const mp = m[p]
      const vp = v[p]
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]
        const mi = beta1 * mp[i] + (1 - beta1) * gi
        const vi = beta2 * vp[i] + (1 - beta2) * gi * gi
        mp[i] = mi
        vp[i] = vi
        w[i] -= (lr * (mi * c1)) / (Math.sqrt(vi * c2) + eps)
      }
    }
  }
}

export function createOptimizer(cfg: OptimizerConfig, params: Float32Array[]): Optimizer {
  switch (cfg.name) {
    case 'sgd':
      return sgd()
    case 'momentum':
      return momentum(params, cfg.momentum ?? 0.9)
    case 'adam': {
      const [b1, b2] = cfg.betas ?? [0.9, 0.999]
      return adam(params, b1, b2, cfg.eps ?? 1e-8)
    }
  }
}

/**
 * L2 weight decay: adds λW to the gradient of every weight matrix (not the biases), i.e. the
 * loss gains (λ/2)·Σ W². With Adam this is the classic coupled L2, not AdamW.
 */
export function addWeightDecay(params: Float32Array[], grads: Float32Array[], isWeight: boolean[], lambda: number): void {
  if (lambda === 0) return
  for (let p = 0; p < params.length; p++) {
    if (!isWeight[p]) continue
    const w = params[p]
    const g = grads[p]
    for (let i = 0; i < w.length; i++) g[i] += lambda * w[i]
  }
}

/** One descent step on a batch's gradients: weight decay on the weights, then the optimiser's update. */
export function descend(optimizer: Optimizer, params: Float32Array[], grads: Float32Array[], isWeight: boolean[], lr: number, weightDecay: number): void {
  addWeightDecay(params, grads, isWeight, weightDecay)
  optimizer.step(params, grads, lr)
}
