// Activation functions σ(z) (Eq. 35) and their derivatives, as one table of pairs shared by the
// dense layers (network.ts) and the CNN's activation layers. Without them a stack of layers
// collapses to one linear map (Eq. 34).
//
// Batches are n rows of `width` values. Element-wise activations backpropagate with
// dL/dz = dL/dy ⊙ σ'(z) (Eqs. 44–45); softmax couples the outputs of a row, so its backward
// pass is the Jacobian–vector product.

import { tanhBackwardWasm, tanhWasm } from './activationWasm'

export type ActivationName = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'linear' | 'softmax'

/** A forward function and its derivative. z and y may be the same array, dz may alias dy. */
export interface ActivationPair {
  /** y = σ(z) over n rows of `width`. */
  forward(z: Float32Array, y: Float32Array, n: number, width: number, leak: number): void
  /** dz = dL/dz from dy = dL/dy, given the forward z and y = σ(z). */
  backward(z: Float32Array, y: Float32Array, dy: Float32Array, dz: Float32Array, n: number, width: number, leak: number): void
}

/** Eq. 37: the logistic sigmoid, written so that exp never overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** p_i = e^{z_i − max} / Σ_j e^{z_j − max}: shifting by the max keeps exp finite. */
export function softmaxRow(z: Float32Array, p: Float32Array, off: number, width: number): void {
  let max = -Infinity
  for (let i = 0; i < width; i++) if (z[off + i] > max) max = z[off + i]
  let sum = 0
  for (let i = 0; i < width; i++) {
    const e = Math.exp(z[off + i] - max)
    p[off + i] = e
    sum += e
  }
  const inv = 1 / sum
  for (let i = 0; i < width; i++) p[off + i] *= inv
}

// tanh (Eq. 38) as a rational function of z (odd degree 13 over even degree 6, the minimax fit
// used by Eigen for float32), clamped where tanh rounds to ±1 in float32. Within 2.6e-7 of
// Math.tanh everywhere (about two float32 ulps, tested) and 4–5× faster: Math.tanh was the
// largest element-wise cost of a tanh network (the Fig. 14 autoencoder makes 4 million a epoch).
// The layers run it and its backward pass in WebAssembly SIMD where that compiles
// (activation.wat, the same bits); these are the fallback and the reference.
const TANH_CLAMP = 7.90531110763549805

/** tanh z for float32 work (see above); exact to the last bits below |z| = 4e-4, where it returns z. */
export function tanhFloat32(z: number): number {
  const x = z > TANH_CLAMP ? TANH_CLAMP : z < -TANH_CLAMP ? -TANH_CLAMP : z
  if (Math.abs(x) < 4e-4) return x
  const x2 = x * x
  const p =
    x *
    (4.89352455891786e-3 +
      x2 * (6.37261928875436e-4 + x2 * (1.48572235717979e-5 + x2 * (5.12229709037114e-8 + x2 * (-8.60467152213735e-11 + x2 * (2.00018790482477e-13 + x2 * -2.76076847742355e-16))))))
  return p / (4.89352518554385e-3 + x2 * (2.268434632439e-3 + x2 * (1.18534705686654e-4 + x2 * 1.19825839466702e-6)))
}

// ReLU (Eq. 36) and leaky ReLU (footnote 14) are written without a branch: the sign of a conv
// output is a coin flip, and a mispredicted branch per element made the branchy loop ~10×
// slower on the 64×8×28×28 maps of LeNet's first layer. σ'(0) = 1 (the paper's convention:
// z ≥ 0 passes the gradient). leak + (1 − leak) rounds to exactly 1 for every 0 ≤ leak ≤ 1, so
// z ≥ 0 passes z and dy unchanged, bit for bit.

/** y = max(z, leak·z) for 0 ≤ leak ≤ 1 (leak = 0: ReLU). */
export function leakyReluForward(z: Float32Array, y: Float32Array, len: number, leak: number): void {
  if (leak === 0) {
    // (z + |z|)/2 is exact in floating point and gives +0, never −0, for z ≤ 0.
    for (let i = 0; i < len; i++) {
      const v = z[i]
      y[i] = (v + Math.abs(v)) * 0.5
    }
    return
  }
  const a = 1 - leak
  for (let i = 0; i < len; i++) {
    const v = z[i]
    y[i] = v * (leak + a * +(v >= 0))
  }
}

/** dz = dy · σ'(z) with σ'(z) = 1 for z ≥ 0, leak below (Eq. 45). */
export function leakyReluBackward(z: Float32Array, dy: Float32Array, dz: Float32Array, len: number, leak: number): void {
  const a = 1 - leak
  for (let i = 0; i < len; i++) dz[i] = dy[i] * (leak + a * +(z[i] >= 0))
}

export const ACTIVATION: Readonly<Record<ActivationName, ActivationPair>> = {
  relu: {
    forward: (z, y, n, width) => leakyReluForward(z, y, n * width, 0),
    backward: (z, _y, dy, dz, n, width) => leakyReluBackward(z, dy, dz, n * width, 0)
  },
  leakyRelu: {
    forward: (z, y, n, width, leak) => leakyReluForward(z, y, n * width, leak),
    backward: (z, _y, dy, dz, n, width, leak) => leakyReluBackward(z, dy, dz, n * width, leak)
  },
  sigmoid: {
    forward(z, y, n, width) {
      for (let i = 0; i < n * width; i++) y[i] = sigmoid(z[i])
    },
    // σ' = y(1 − y), from the output
    backward(_z, y, dy, dz, n, width) {
      for (let i = 0; i < n * width; i++) dz[i] = dy[i] * y[i] * (1 - y[i])
    }
  },
  tanh: {
    // Eq. 38
    forward(z, y, n, width) {
      if (!tanhWasm(z, y, n * width)) for (let i = 0; i < n * width; i++) y[i] = tanhFloat32(z[i])
    },
    // tanh' = 1 − y²
    backward(_z, y, dy, dz, n, width) {
      if (!tanhBackwardWasm(y, dy, dz, n * width)) for (let i = 0; i < n * width; i++) dz[i] = dy[i] * (1 - y[i] * y[i])
    }
  },
  linear: {
    forward(z, y, n, width) {
      if (y !== z) y.set(z.subarray(0, n * width))
    },
    backward(_z, _y, dy, dz, n, width) {
      if (dz !== dy) dz.set(dy.subarray(0, n * width))
    }
  },
  softmax: {
    forward(z, y, n, width) {
      for (let r = 0; r < n; r++) softmaxRow(z, y, r * width, width)
    },
    // ∂p_i/∂z_j = p_i(δ_ij − p_j)  ⇒  dz_i = p_i (dy_i − Σ_j p_j dy_j)
    backward(_z, y, dy, dz, n, width) {
      for (let r = 0; r < n; r++) {
        const off = r * width
        let dot = 0
        for (let j = 0; j < width; j++) dot += y[off + j] * dy[off + j]
        for (let i = 0; i < width; i++) dz[off + i] = y[off + i] * (dy[off + i] - dot)
      }
    }
  }
}

export const ACTIVATIONS = Object.keys(ACTIVATION) as readonly ActivationName[]

/** Forward pass y = σ(z) over n rows of `width`. */
export function activate(name: ActivationName, z: Float32Array, y: Float32Array, n: number, width: number, leak = 0.01): void {
  ACTIVATION[name].forward(z, y, n, width, leak)
}

/** Backward pass dz = dL/dz from dy = dL/dy (Eqs. 44–45), given the forward z and y = σ(z). */
export function activationBackward(
  name: ActivationName,
  z: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dz: Float32Array,
  n: number,
  width: number,
  leak = 0.01
): void {
  ACTIVATION[name].backward(z, y, dy, dz, n, width, leak)
}
