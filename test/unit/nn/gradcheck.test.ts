// Finite-difference checks of every backward step against the forward pass it inverts.
// Components (activations, losses, the dense layer) use the engine's own float32 forward
// with central differences, h = 1e-3. The whole network uses an independent float64 forward
// written here, central differences with h = 1e-6. Criterion for an analytic gradient a
// against a numerical n: |a − n| ≤ 1e-3·max(|a|, |n|) + tol_abs, with tol_abs = 2e-4 (float32
// components) or 1e-6 (float64 network).

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { activate, activationBackward, ACTIVATIONS, type ActivationName } from '../../../src/engine/nn/activations'
import { affineForward, createDense, inputGradient, parameterGradients } from '../../../src/engine/nn/dense'
import {
  crossEntropyGradient,
  crossEntropyLoss,
  mseGradient,
  mseLoss,
  softmaxCrossEntropyGradient,
  type BatchReduction
} from '../../../src/engine/nn/loss'
import { backward, createGrads, createNetwork, createWorkspace, forward } from '../../../src/engine/nn/network'

const rng = createRng(12345)

function randomArray(n: number, scale = 1, avoidZero = 0): Float32Array {
  const a = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    let v = (rng.uniform() * 2 - 1) * scale
    // keep ReLU inputs away from the kink, where the derivative is not defined
    if (Math.abs(v) < avoidZero) v = v < 0 ? v - avoidZero : v + avoidZero
    a[i] = v
  }
  return a
}

function close(a: number, n: number, abs: number): boolean {
  return Math.abs(a - n) <= 1e-3 * Math.max(Math.abs(a), Math.abs(n)) + abs
}

function expectGradient(analytic: ArrayLike<number>, numeric: ArrayLike<number>, abs: number, what: string): void {
  expect(analytic.length).toBe(numeric.length)
  let nonzero = 0
  for (let i = 0; i < analytic.length; i++) {
    if (!close(analytic[i], numeric[i], abs)) throw new Error(`${what}[${i}]: analytic ${analytic[i]} vs numeric ${numeric[i]}`)
    if (Math.abs(numeric[i]) > 10 * abs) nonzero++
  }
  // a check where every entry is ~0 would prove nothing
  expect(nonzero, `${what}: nonzero entries`).toBeGreaterThan(0)
}

/** Central difference of f with respect to every entry of x (x is restored). */
function numericGradient(x: Float32Array, f: () => number, h: number): Float64Array {
  const g = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    x[i] = v + h
    const up = f()
    x[i] = v - h
    const down = f()
    x[i] = v
    g[i] = (up - down) / (2 * h)
  }
  return g
}

describe('activation derivatives (Eqs. 36–38, 45)', () => {
  for (const name of ACTIVATIONS) {
    it(`${name}: dL/dz from activationBackward matches finite differences of Σ g·σ(z)`, () => {
      const n = 3
      const width = 5
      const z = randomArray(n * width, 3, name.includes('elu') ? 0.05 : 0)
      const g = randomArray(n * width) // an arbitrary upstream gradient dL/dy
      const y = new Float32Array(z.length)
      const objective = (): number => {
        activate(name, z, y, n, width, 0.1)
        let s = 0
        for (let i = 0; i < y.length; i++) s += g[i] * y[i]
        return s
      }
      const numeric = numericGradient(z, objective, 1e-3)
      activate(name, z, y, n, width, 0.1)
      const dz = new Float32Array(z.length)
      activationBackward(name, z, y, g, dz, n, width, 0.1)
      expectGradient(dz, numeric, 2e-4, name)
    })
  }
})

describe('loss gradients (Eqs. 39, 43; cross-entropy)', () => {
  for (const reduction of ['mean', 'sum'] as BatchReduction[]) {
    const k = reduction === 'mean' ? 1 : 4 // the batch size multiplies the summed gradient
    it(`MSE, ${reduction} over the batch`, () => {
      const y = randomArray(4 * 3)
      const t = randomArray(4 * 3)
      const numeric = numericGradient(y, () => k * mseLoss(y, t, 4, 3), 1e-3)
      const dy = new Float32Array(y.length)
      mseGradient(y, t, dy, 4, 3, reduction)
      expectGradient(dy, numeric, 2e-4, 'mse')
    })
    it(`softmax + cross-entropy fused (δ = p − t), ${reduction}`, () => {
      const z = randomArray(4 * 5, 3)
      const t = new Float32Array(4 * 5)
      for (let r = 0; r < 4; r++) t[r * 5 + ((r * 3) % 5)] = 1
      const p = new Float32Array(z.length)
      const numeric = numericGradient(z, () => {
        activate('softmax', z, p, 4, 5)
        return k * crossEntropyLoss(p, t, 4, 5)
      }, 1e-3)
      activate('softmax', z, p, 4, 5)
      const dz = new Float32Array(z.length)
      softmaxCrossEntropyGradient(p, t, dz, 4, 5, reduction)
      expectGradient(dz, numeric, 2e-4, 'softmax-ce')
    })
  }
  it('cross-entropy with respect to the probabilities (−t/p)', () => {
    const p = new Float32Array(2 * 3).map(() => 0.2 + 0.6 * rng.uniform())
    const t = Float32Array.from([0, 1, 0, 0.3, 0, 0.7])
    const numeric = numericGradient(p, () => crossEntropyLoss(p, t, 2, 3), 1e-4)
    const dy = new Float32Array(p.length)
    crossEntropyGradient(p, t, dy, 2, 3, 'mean')
    expectGradient(dy, numeric, 2e-4, 'ce')
  })
})

describe('dense layer (Eqs. 41, 46–47)', () => {
  for (const bias of [true, false]) {
    it(`∂L/∂W, ∂L/∂b and ∂L/∂x of z = Wx + b ${bias ? 'with' : 'without'} bias`, () => {
      const n = 3
      const layer = createDense(7, 5, 'linear', bias)
      layer.W.set(randomArray(35))
      if (layer.b) layer.b.set(randomArray(5))
      const x = randomArray(n * 7)
      const G = randomArray(n * 5) // L = Σ G ⊙ z, so ∂L/∂z = G
      const z = new Float32Array(n * 5)
      const L = (): number => {
        affineForward(layer, x, z, n)
        let s = 0
        for (let i = 0; i < z.length; i++) s += G[i] * z[i]
        return s
      }
      const dW = new Float32Array(35)
      const db = layer.b ? new Float32Array(5) : null
      parameterGradients(layer, G, x, { dW, db }, n)
      expectGradient(dW, numericGradient(layer.W, L, 1e-2), 2e-4, 'dW')
      const dx = new Float32Array(n * 7)
      inputGradient(layer, G, dx, n)
      expectGradient(dx, numericGradient(x, L, 1e-2), 2e-4, 'dx')
      if (layer.b && db) expectGradient(db, numericGradient(layer.b, L, 1e-2), 2e-4, 'db')
    })
  }
})

// ---- whole network against an independent float64 forward ------------------------------

type Act64 = (z: number) => number
const act64: Record<Exclude<ActivationName, 'softmax'>, Act64> = {
  relu: (z) => Math.max(0, z),
  leakyRelu: (z) => (z >= 0 ? z : 0.01 * z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  linear: (z) => z
}

/** float64 loss of the network with weights Ws[l] (nOut×nIn) and biases bs[l], mean over rows. */
function loss64(
  sizes: number[],
  acts: ActivationName[],
  Ws: Float64Array[],
  bs: (Float64Array | null)[],
  x: Float32Array,
  t: Float32Array,
  rows: number,
  loss: 'mse' | 'crossEntropy'
): number {
  let total = 0
  for (let r = 0; r < rows; r++) {
    let a = Array.from(x.subarray(r * sizes[0], (r + 1) * sizes[0]))
    for (let l = 0; l < Ws.length; l++) {
      const z = new Array<number>(sizes[l + 1]).fill(0)
      for (let i = 0; i < sizes[l + 1]; i++) {
        let s = bs[l] ? bs[l]![i] : 0
        for (let j = 0; j < sizes[l]; j++) s += Ws[l][i * sizes[l] + j] * a[j]
        z[i] = s
      }
      if (acts[l] === 'softmax') {
        const m = Math.max(...z)
        const e = z.map((v) => Math.exp(v - m))
        const sum = e.reduce((p, q) => p + q, 0)
        a = e.map((v) => v / sum)
      } else a = z.map(act64[acts[l] as Exclude<ActivationName, 'softmax'>])
    }
    const out = sizes[sizes.length - 1]
    const tt = t.subarray(r * out, (r + 1) * out)
    if (loss === 'mse') total += a.reduce((s, v, i) => s + (v - tt[i]) ** 2, 0) / out
    else total -= a.reduce((s, v, i) => s + (tt[i] ? tt[i] * Math.log(v) : 0), 0)
  }
  return total / rows
}

describe('backpropagation through a whole network (Eqs. 42–47) vs float64 finite differences', () => {
  const cases: { hidden: ActivationName; output: ActivationName; loss: 'mse' | 'crossEntropy'; bias: boolean }[] = [
    { hidden: 'relu', output: 'relu', loss: 'mse', bias: false }, // the paper's appendix
    { hidden: 'relu', output: 'softmax', loss: 'crossEntropy', bias: true },
    { hidden: 'sigmoid', output: 'sigmoid', loss: 'mse', bias: true },
    { hidden: 'tanh', output: 'linear', loss: 'mse', bias: true },
    { hidden: 'leakyRelu', output: 'softmax', loss: 'mse', bias: false }, // softmax Jacobian path
    { hidden: 'tanh', output: 'softmax', loss: 'crossEntropy', bias: false }
  ]
  for (const c of cases) {
    it(`${c.hidden} hidden, ${c.output} output, ${c.loss}, ${c.bias ? 'bias' : 'no bias'}`, () => {
      const sizes = [6, 5, 4, 3]
      const net = createNetwork({ sizes, hiddenActivation: c.hidden, outputActivation: c.output, bias: c.bias }, 'xavier', createRng(7))
      for (const l of net.layers) if (l.b) l.b.set(randomArray(l.b.length, 0.5))
      if (c.output === 'relu') for (const l of net.layers) if (l.b === null) for (let i = 0; i < l.nOut; i++) l.W[i * l.nIn] = Math.abs(l.W[i * l.nIn]) + 0.5
      const rows = 4
      const x = randomArray(rows * 6, 1)
      for (let i = 0; i < rows * 6; i += 6) x[i] = 1 // a constant input keeps some ReLUs on
      const t = new Float32Array(rows * 3)
      for (let r = 0; r < rows; r++) t[r * 3 + (r % 3)] = 1
      const ws = createWorkspace(net, rows)
      const grads = createGrads(net)
      forward(net, x, rows, ws)
      backward(net, x, t, rows, ws, grads, c.loss, 'mean')

      const Ws = net.layers.map((l) => Float64Array.from(l.W))
      const bs = net.layers.map((l) => (l.b ? Float64Array.from(l.b) : null))
      const acts = net.layers.map((l) => l.activation)
      const f = (): number => loss64(sizes, acts, Ws, bs, x, t, rows, c.loss)
      const h = 1e-6
      const num = (arr: Float64Array): Float64Array =>
        arr.map((v, i) => {
          arr[i] = v + h
          const up = f()
          arr[i] = v - h
          const down = f()
          arr[i] = v
          return (up - down) / (2 * h)
        })
      net.layers.forEach((_, l) => {
        expectGradient(grads[l].dW, num(Ws[l]), 1e-6, `layer ${l + 1} dW`)
        if (bs[l]) expectGradient(grads[l].db!, num(bs[l]!), 1e-6, `layer ${l + 1} db`)
      })
    })
  }
})
