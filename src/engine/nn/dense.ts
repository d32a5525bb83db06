// A dense (fully connected) layer, Eqs. 32–33 and 40–41, and the small steps of its
// backward pass (Eqs. 46–47). Batches are rows: x is n×nIn, z and y are n×nOut.
// W is stored as the paper writes it, nOut×nIn: W[ī][j] couples input j to output ī.

import { matmul, matmulTransA, matmulTransB } from '../tensor/matmul'
import type { ActivationName } from './activations'

export interface DenseLayer {
  nIn: number
  nOut: number
  /** nOut×nIn, row-major (Eq. 33). */
  W: Float32Array
  /** nOut, or null for a layer without bias (as in the paper's appendix). */
  b: Float32Array | null
  activation: ActivationName
  /** Slope for z < 0 when the activation is leaky ReLU. */
  leak: number
}

export interface DenseGrads {
  dW: Float32Array
  db: Float32Array | null
}

export function createDense(nIn: number, nOut: number, activation: ActivationName, bias: boolean, leak = 0.01): DenseLayer {
  return { nIn, nOut, W: new Float32Array(nIn * nOut), b: bias ? new Float32Array(nOut) : null, activation, leak }
}

export function createDenseGrads(layer: DenseLayer): DenseGrads {
  return { dW: new Float32Array(layer.W.length), db: layer.b ? new Float32Array(layer.b.length) : null }
}

/** Eq. 41: z = W x + b for every row x of the batch, i.e. Z = X·Wᵀ + b. */
export function affineForward(layer: DenseLayer, x: Float32Array, z: Float32Array, n: number): void {
  matmulTransB(x, layer.W, z, n, layer.nIn, layer.nOut, false, layer.b)
}

/**
 * Eqs. 46–47: ∂L/∂W = δ xᵀ with δ = ∂L/∂z, summed over the rows of the batch (dW = δᵀ·X, an
 * nOut×nIn matrix like W), and ∂L/∂b = δ (∂z/∂b = 1) summed over the batch.
 */
export function parameterGradients(layer: DenseLayer, dz: Float32Array, x: Float32Array, g: DenseGrads, n: number): void {
  matmulTransA(dz, x, g.dW, layer.nOut, n, layer.nIn, false, g.db)
}

/** The error sent back to the layer below: ∂L/∂x = Wᵀ δ per row, i.e. dX = δ·W. */
export function inputGradient(layer: DenseLayer, dz: Float32Array, dx: Float32Array, n: number): void {
  matmul(dz, layer.W, dx, n, layer.nOut, layer.nIn)
}
