// Small models and data sets that show the training loop is not tied to image classification:
// a linear autoencoder on Ising-like ±1 configurations (reconstruction, the target is the input,
// per-sample T and m kept aside and never shown to the model), a two-class logistic model, and a
// one-parameter model whose validation loss is a parabola in its weight (early stopping by hand).

import type { Batch, TrainableModel, TrainingData } from '../../../src/engine/train/model'
import { createRng, type Rng } from '../../../src/engine/rng'

/**
 * Configurations of N spins: ordered ones (all aligned, a few flipped) at low T and random ones at
 * high T. T and m are kept beside the spins for analysis; fill() gives the model the spins only,
 * as input and as target.
 */
export interface SpinSet extends TrainingData {
  spins: Float32Array
  T: Float64Array
  m: Float64Array
  count: number
}

export function spinSet(count: number, N: number, seed: number): SpinSet {
  const r = createRng(seed)
  const spins = new Float32Array(count * N)
  const T = new Float64Array(count)
  const m = new Float64Array(count)
  for (let s = 0; s < count; s++) {
    T[s] = 1 + 3 * r.uniform()
    const sign = r.uniform() < 0.5 ? -1 : 1
    const pFlip = T[s] < 2.269 ? 0.05 : 0.5
    let sum = 0
    for (let i = 0; i < N; i++) {
      const v = r.uniform() < pFlip ? -sign : sign
      spins[s * N + i] = v
      sum += v
    }
    m[s] = sum / N
  }
  return {
    spins, T, m, count,
    inputSize: N,
    targetSize: N,
    fill(indices, start, n, batch) {
      for (let row = 0; row < n; row++) {
        const item = indices[start + row]
        const src = spins.subarray(item * N, (item + 1) * N)
        batch.x.set(src, row * N)
        batch.t.set(src, row * N)
      }
      batch.n = n
    }
  }
}

/**
 * x (N) → z = E x (k) → y = D z (N), loss = (1/N) Σ (y − t)² per sample (Eq. 39), and as a
 * second metric the mean latent energy z²/k (a stand-in for a VAE's KL term: a series of its own).
 */
export function linearAutoencoder(N: number, k: number, rows: number, rng: Rng): TrainableModel & { E: Float32Array; D: Float32Array; seen: { x: Float32Array; t: Float32Array }[] } {
  const E = Float32Array.from({ length: k * N }, () => rng.normal() * Math.sqrt(1 / N))
  const D = Float32Array.from({ length: N * k }, () => rng.normal() * Math.sqrt(1 / k))
  const dE = new Float32Array(E.length)
  const dD = new Float32Array(D.length)
  const z = new Float64Array(k)
  const y = new Float32Array(rows * N)
  const dy = new Float64Array(N)
  const dz = new Float64Array(k)
  const seen: { x: Float32Array; t: Float32Array }[] = []
  const pass = (b: Batch, sums: Float64Array, grad: boolean): number => {
    if (grad) {
      dE.fill(0)
      dD.fill(0)
    }
    let loss = 0
    let energy = 0
    for (let r = 0; r < b.n; r++) {
      const x = b.x.subarray(r * N, (r + 1) * N)
      const t = b.t.subarray(r * N, (r + 1) * N)
      for (let a = 0; a < k; a++) {
        let s = 0
        for (let i = 0; i < N; i++) s += E[a * N + i] * x[i]
        z[a] = s
        energy += (s * s) / k
      }
      let l = 0
      for (let i = 0; i < N; i++) {
        let s = 0
        for (let a = 0; a < k; a++) s += D[i * k + a] * z[a]
        y[r * N + i] = s
        const d = s - t[i]
        l += (d * d) / N
        dy[i] = (2 * d) / N / b.n
      }
      loss += l
      if (!grad) continue
      dz.fill(0)
      for (let i = 0; i < N; i++)
        for (let a = 0; a < k; a++) {
          dD[i * k + a] += dy[i] * z[a]
          dz[a] += dy[i] * D[i * k + a]
        }
      for (let a = 0; a < k; a++) for (let i = 0; i < N; i++) dE[a * N + i] += dz[a] * x[i]
    }
    sums[0] += loss
    sums[1] += energy
    return loss / b.n
  }
  return {
    E, D, seen,
    metrics: ['loss', 'latentEnergy'],
    params: [E, D],
    grads: [dE, dD],
    isWeight: [true, true],
    evalRows: rows,
    gradient(b, sums) {
      seen.push({ x: b.x.slice(0, b.n * N), t: b.t.slice(0, b.n * N) })
      return pass(b, sums, true)
    },
    measure(b, sums) {
      pass(b, sums, false)
      return y
    },
    exportWeights: () => [E.slice(), D.slice()],
    importWeights(w) {
      if (w.length !== 2 || w[0].length !== E.length || w[1].length !== D.length) throw new Error('stored weights do not fit this autoencoder')
      E.set(w[0])
      D.set(w[1])
    }
  }
}

/** Two Gaussian clouds in d dimensions, centred at ±μ, labelled 0 / 1 (one-hot targets). */
export function twoClouds(count: number, d: number, seed: number): TrainingData & { labels: Uint8Array } {
  const r = createRng(seed)
  const X = new Float32Array(count * d)
  const labels = new Uint8Array(count)
  for (let s = 0; s < count; s++) {
    labels[s] = r.int(2)
    for (let j = 0; j < d; j++) X[s * d + j] = (labels[s] ? 1 : -1) * (j === 0 ? 1.5 : 0.3) + r.normal()
  }
  return {
    labels,
    inputSize: d,
    targetSize: 1,
    fill(indices, start, n, b) {
      for (let row = 0; row < n; row++) {
        const item = indices[start + row]
        b.x.set(X.subarray(item * d, (item + 1) * d), row * d)
        b.t[row] = labels[item]
        b.labels[row] = labels[item]
      }
      b.n = n
    }
  }
}

/** p = σ(w·x + b), binary cross-entropy; metrics loss and accuracy. */
export function logistic(d: number, rows: number): TrainableModel & { w: Float32Array; b: Float32Array } {
  const w = new Float32Array(d)
  const b = new Float32Array(1)
  const dw = new Float32Array(d)
  const db = new Float32Array(1)
  const p = new Float32Array(rows)
  const pass = (bt: Batch, sums: Float64Array, grad: boolean): number => {
    if (grad) {
      dw.fill(0)
      db[0] = 0
    }
    let loss = 0
    let right = 0
    for (let r = 0; r < bt.n; r++) {
      let s = b[0]
      for (let j = 0; j < d; j++) s += w[j] * bt.x[r * d + j]
      const pr = 1 / (1 + Math.exp(-s))
      p[r] = pr
      const t = bt.t[r]
      loss -= t * Math.log(Math.max(pr, 1e-12)) + (1 - t) * Math.log(Math.max(1 - pr, 1e-12))
      if ((pr >= 0.5 ? 1 : 0) === bt.labels[r]) right++
      if (!grad) continue
      const g = (pr - t) / bt.n
      for (let j = 0; j < d; j++) dw[j] += g * bt.x[r * d + j]
      db[0] += g
    }
    sums[0] += loss
    sums[1] += right
    return loss / bt.n
  }
  return {
    w, b,
    metrics: ['loss', 'accuracy'],
    params: [w, b],
    grads: [dw, db],
    isWeight: [true, false],
    evalRows: rows,
    gradient: (bt, sums) => pass(bt, sums, true),
    measure(bt, sums) {
      pass(bt, sums, false)
      return p
    },
    exportWeights: () => [w.slice(), b.slice()],
    importWeights(ws) {
      w.set(ws[0])
      b.set(ws[1])
    }
  }
}

/**
 * One weight w. Its gradient is −1 whatever the batch, so plain SGD at lr 1 adds 1 per step;
 * the loss of every sample is (w − best)², so the validation loss after epoch e (one batch per
 * epoch) is (w0 + e − best)². `lossAt` overrides the training loss of given steps (e.g. NaN).
 */
export function walker(best: number, lossAt: Record<number, number> = {}): TrainableModel & { w: Float32Array } {
  const w = new Float32Array(1)
  const g = new Float32Array(1)
  let step = 0
  const loss = (): number => (w[0] - best) ** 2
  return {
    w,
    metrics: ['loss'],
    params: [w],
    grads: [g],
    isWeight: [false],
    evalRows: 64,
    gradient(b, sums) {
      g[0] = -1
      const l = step in lossAt ? lossAt[step] : loss()
      step++
      sums[0] += l * b.n
      return l
    },
    measure(b, sums) {
      sums[0] += loss() * b.n
      return w
    },
    exportWeights: () => [w.slice()],
    importWeights(ws) {
      w.set(ws[0])
    }
  }
}

/** Items 0..count−1 with one input each (its own index), to see which items a batch holds. */
export function indexData(count: number): TrainingData & { count: number } {
  return {
    count,
    inputSize: 1,
    targetSize: 1,
    fill(indices, start, n, b) {
      for (let r = 0; r < n; r++) {
        b.x[r] = indices[start + r]
        b.t[r] = 0
      }
      b.n = n
    }
  }
}
