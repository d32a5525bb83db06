// Activation functions σ(z) (Eq. 35) and their derivatives, applied to a batch stored as
// rows of `width` values. Without them a stack of layers collapses to one linear map (Eq. 34).
//
// Element-wise activations backpropagate with dL/dz = dL/dy ⊙ σ'(z) (Eqs. 44–45); softmax
// couples the outputs of a row, so its backward pass is the Jacobian–vector product.

export type ActivationName = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'linear' | 'softmax'

export const ACTIVATIONS: readonly ActivationName[] = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax']

/** Eq. 37: the logistic sigmoid, written so that exp never overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** Forward pass y = σ(z) over n rows of `width` (z and y may be the same array). */
export function activate(name: ActivationName, z: Float32Array, y: Float32Array, n: number, width: number, leak = 0.01): void {
  const len = n * width
  switch (name) {
    case 'relu':
      for (let i = 0; i < len; i++) y[i] = z[i] >= 0 ? z[i] : 0
      return
    case 'leakyRelu':
      for (let i = 0; i < len; i++) y[i] = z[i] >= 0 ? z[i] : leak * z[i]
      return
    case 'sigmoid':
      for (let i = 0; i < len; i++) y[i] = sigmoid(z[i])
      return
    case 'tanh': // Eq. 38
      for (let i = 0; i < len; i++) y[i] = Math.tanh(z[i])
      return
    case 'linear':
      if (y !== z) y.set(z.subarray(0, len))
      return
    case 'softmax':
      for (let r = 0; r < n; r++) softmaxRow(z, y, r * width, width)
      return
  }
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

/**
 * Backward pass dz = dL/dz from dy = dL/dy (Eqs. 44–45), given the forward z and y = σ(z).
 * Sigmoid and tanh use the output: σ' = y(1−y) and 1−y². dz may alias dy.
 */
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
  const len = n * width
  switch (name) {
    case 'relu':
      for (let i = 0; i < len; i++) dz[i] = z[i] >= 0 ? dy[i] : 0
      return
    case 'leakyRelu':
      for (let i = 0; i < len; i++) dz[i] = z[i] >= 0 ? dy[i] : leak * dy[i]
      return
    case 'sigmoid':
      for (let i = 0; i < len; i++) dz[i] = dy[i] * y[i] * (1 - y[i])
      return
    case 'tanh':
      for (let i = 0; i < len; i++) dz[i] = dy[i] * (1 - y[i] * y[i])
      return
    case 'linear':
      if (dz !== dy) dz.set(dy.subarray(0, len))
      return
    case 'softmax':
      // ∂p_i/∂z_j = p_i(δ_ij − p_j)  ⇒  dz_i = p_i (dy_i − Σ_j p_j dy_j)
      for (let r = 0; r < n; r++) {
        const off = r * width
        let dot = 0
        for (let j = 0; j < width; j++) dot += y[off + j] * dy[off + j]
        for (let i = 0; i < width; i++) dz[off + i] = y[off + i] * (dy[off + i] - dot)
      }
      return
  }
}
