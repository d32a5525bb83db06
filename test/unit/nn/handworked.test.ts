// The two-layer example of the paper's appendix (no bias, ReLU on both layers, MSE), worked
// by hand with Eqs. 42–47 on numbers chosen to be exact in binary:
//
//   x  = (1, 2)                 W1 = [[0.25, −0.25], [0.25, 0.5]]     W2 = [[1, 0.5], [−0.5, 1]]
//   z1 = W1 x = (−0.25, 1.25)   y1 = ReLU(z1) = (0, 1.25)
//   z2 = W2 y1 = (0.625, 1.25)  y_out = ReLU(z2) = (0.625, 1.25)      y_known = (1, 0), n = 2
//   L  = (1/2)[(−0.375)² + 1.25²] = (0.140625 + 1.5625)/2 = 0.8515625                (Eq. 39)
//   ∂L/∂y_out = (2/2)(y_out − y_known) = (−0.375, 1.25)                              (Eq. 43)
//   δ2 = ∂L/∂z2 = (−0.375, 1.25)·1·[z2 ≥ 0] = (−0.375, 1.25)                         (Eqs. 44–45)
//   ΔW2 = δ2 y1ᵀ = [[0, −0.46875], [0, 1.5625]]                                      (Eqs. 46–47)
//   W2ᵀ δ2 = (1·(−0.375) − 0.5·1.25, 0.5·(−0.375) + 1·1.25) = (−1, 1.0625)
//   δ1 = (−1, 1.0625) ⊙ [z1 ≥ 0] = (0, 1.0625)
//   ΔW1 = δ1 xᵀ = [[0, 0], [1.0625, 2.125]]
//   Eq. 48 with η = 0.1 (W − ηΔW): W1 → [[0.25, −0.25], [0.14375, 0.2875]],
//                                  W2 → [[1, 0.546875], [−0.5, 0.84375]]

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { mseLoss } from '../../../src/engine/nn/loss'
import { backward, createGrads, createNetwork, createWorkspace, forward, gradientList, parameters } from '../../../src/engine/nn/network'
import { sgd } from '../../../src/engine/nn/optimizer'

function appendixNet() {
  const net = createNetwork({ sizes: [2, 2, 2], hiddenActivation: 'relu', outputActivation: 'relu', bias: false }, 'randn', createRng(1))
  net.layers[0].W.set([0.25, -0.25, 0.25, 0.5])
  net.layers[1].W.set([1, 0.5, -0.5, 1])
  return net
}

const close = (got: ArrayLike<number>, want: number[]): void => {
  expect(got.length).toBe(want.length)
  want.forEach((w, i) => expect(Math.abs(got[i] - w), `entry ${i}: ${got[i]} vs ${w}`).toBeLessThan(1e-6))
}

describe('hand-computed two-layer example (Eqs. 39–48)', () => {
  it('reproduces the forward pass, the loss, both ΔW and the SGD step to 1e-6', () => {
    const net = appendixNet()
    const ws = createWorkspace(net, 1)
    const grads = createGrads(net)
    const x = Float32Array.from([1, 2])
    const t = Float32Array.from([1, 0])
    const y = forward(net, x, 1, ws)
    close(ws.z[0], [-0.25, 1.25])
    close(ws.y[0], [0, 1.25])
    close(ws.z[1], [0.625, 1.25])
    close(y, [0.625, 1.25])
    expect(Math.abs(mseLoss(y, t, 1, 2) - 0.8515625)).toBeLessThan(1e-6)
    backward(net, x, t, 1, ws, grads, 'mse', 'mean')
    close(ws.dy[1], [-0.375, 1.25])
    close(ws.dz[1], [-0.375, 1.25])
    close(grads[1].dW, [0, -0.46875, 0, 1.5625])
    close(ws.dy[0], [-1, 1.0625])
    close(ws.dz[0], [0, 1.0625])
    close(grads[0].dW, [0, 0, 1.0625, 2.125])
    sgd().step(parameters(net), gradientList(grads), 0.1)
    close(net.layers[0].W, [0.25, -0.25, 0.14375, 0.2875])
    close(net.layers[1].W, [1, 0.546875, -0.5, 0.84375])
  })

  it("the appendix's batch rule: ΔW of a batch is the sum of the per-sample ΔW ('sum'), the mean divides by the batch", () => {
    const x = Float32Array.from([1, 2, 2, 1])
    const t = Float32Array.from([1, 0, 0, 1])
    const perSample: Float32Array[][] = []
    for (let r = 0; r < 2; r++) {
      const net = appendixNet()
      const ws = createWorkspace(net, 1)
      const g = createGrads(net)
      forward(net, x.subarray(2 * r, 2 * r + 2), 1, ws)
      backward(net, x.subarray(2 * r, 2 * r + 2), t.subarray(2 * r, 2 * r + 2), 1, ws, g, 'mse', 'mean')
      perSample.push(g.map((q) => q.dW.slice()))
    }
    for (const reduction of ['sum', 'mean'] as const) {
      const net = appendixNet()
      const ws = createWorkspace(net, 2)
      const g = createGrads(net)
      forward(net, x, 2, ws)
      backward(net, x, t, 2, ws, g, 'mse', reduction)
      const k = reduction === 'sum' ? 1 : 0.5
      for (let l = 0; l < 2; l++) close(g[l].dW, Array.from(perSample[0][l], (v, i) => k * (v + perSample[1][l][i])))
    }
    // the second sample, x = (2, 1): z1 = (0.25, 1), y1 = (0.25, 1), z2 = (0.75, 0.875);
    // δ2 = (0.75, −0.125), ΔW2 = δ2 y1ᵀ = [[0.1875, 0.75], [−0.03125, −0.125]]
    close(perSample[1][1], [0.1875, 0.75, -0.03125, -0.125])
  })
})
