// ReLU and leaky ReLU for feature maps (the paper puts leaky ReLU after convolutions). Same
// values as nn/activations.ts (σ(z) = z for z ≥ 0, leak·z below; σ'(0) = 1), written without
// a branch: the sign of a conv output is a coin flip, and a mispredicted branch per element
// made the branchy loop ~10× slower on the 64×8×28×28 maps of LeNet's first layer.

/** y = max(z, leak·z) for 0 ≤ leak ≤ 1 (leak = 0: ReLU). z and y may be the same array. */
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

/** dz = dy · σ'(z) with σ'(z) = 1 for z ≥ 0, leak below. dz may alias dy. */
export function leakyReluBackward(z: Float32Array, dy: Float32Array, dz: Float32Array, len: number, leak: number): void {
  const a = 1 - leak
  for (let i = 0; i < len; i++) dz[i] = dy[i] * (leak + a * +(z[i] >= 0))
}
