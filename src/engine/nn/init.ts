// Weight initialisers. The paper's appendix draws every weight from N(0, 1) (torch.randn);
// Xavier/Glorot and He scale the spread with the fan-in so that z = Wx keeps an O(1) variance
// from layer to layer instead of growing by √nIn per layer. Biases start at zero.

import type { Rng } from '../rng'

export type InitName = 'randn' | 'xavier' | 'he'

/** Standard deviation of the normal the weights are drawn from. */
export function initStd(init: InitName, nIn: number, nOut: number): number {
  switch (init) {
    case 'randn':
      return 1
    case 'xavier': // Var = 2 / (nIn + nOut): balances the forward and backward signals
      return Math.sqrt(2 / (nIn + nOut))
    case 'he': // Var = 2 / nIn: ReLU zeroes half of z, so the variance is doubled to compensate
      return Math.sqrt(2 / nIn)
  }
}

export function initWeights(W: Float32Array, nIn: number, nOut: number, init: InitName, rng: Rng): void {
  const std = initStd(init, nIn, nOut)
  for (let i = 0; i < W.length; i++) W[i] = std * rng.normal()
}
