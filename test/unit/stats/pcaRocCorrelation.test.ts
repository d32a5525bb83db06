// PCA, ROC/AUC and Pearson's r against hand-computed cases and brute force.

import { describe, expect, it } from 'vitest'
import { covariance, pca, project, symmetricEigen } from '../../../src/engine/stats/pca'
import { atThreshold, roc } from '../../../src/engine/stats/roc'
import { pearson } from '../../../src/engine/stats/correlation'
import { createRng } from '../../../src/engine/rng'

describe('pearson', () => {
  it('is ±1 on lines, and 0.816 on Anscombe’s first quartet (printed to 3 decimals)', () => {
    expect(pearson([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 12)
    expect(pearson([1, 2, 3, 4], [9, 7, 5, 3])).toBeCloseTo(-1, 12)
    const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
    const y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]
    expect(pearson(x, y)).toBeCloseTo(0.816, 3)
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN()
  })
})

describe('PCA', () => {
  it('Jacobi rotations diagonalise a symmetric matrix built from known eigenpairs', () => {
    // A = Q diag(5, 3, 1, −2) Qᵀ with Q the orthonormal Hadamard matrix / 2
    const Q = [
      [1, 1, 1, 1],
      [1, -1, 1, -1],
      [1, 1, -1, -1],
      [1, -1, -1, 1]
    ].map((r) => r.map((v) => v / 2))
    const lambda = [5, 3, 1, -2]
    const A = new Float64Array(16)
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) A[i * 4 + j] += Q[k][i] * lambda[k] * Q[k][j]
    const { values, vectors } = symmetricEigen(A, 4)
    expect([...values].sort((a, b) => b - a).map((v) => +v.toFixed(10))).toEqual(lambda)
    for (let e = 0; e < 4; e++) {
      const v = vectors.subarray(e * 4, e * 4 + 4)
      for (let i = 0; i < 4; i++) {
        let Av = 0
        for (let j = 0; j < 4; j++) Av += A[i * 4 + j] * v[j]
        expect(Av).toBeCloseTo(values[e] * v[i], 10)
      }
    }
  })

  it('finds the axes of points placed along two known directions, with their variances', () => {
    // ±3 u and ±1 w around (1, 2, 3), u = (1, 1, 0)/√2, w = (0, 0, 1): cov = 6 uuᵀ + (2/3) wwᵀ (n − 1 = 3)
    const s = Math.SQRT1_2
    const pts = [
      [1 + 3 * s, 2 + 3 * s, 3],
      [1 - 3 * s, 2 - 3 * s, 3],
      [1, 2, 4],
      [1, 2, 2]
    ]
    const X = Float64Array.from(pts.flat())
    expect(Array.from(covariance(X, 4, 3).mean)).toEqual([1, 2, 3])
    const p = pca(X, 4, 3, 2)
    expect(p.variances[0]).toBeCloseTo(6, 10)
    expect(p.variances[1]).toBeCloseTo(2 / 3, 10)
    expect(p.explained[0]).toBeCloseTo(6 / (6 + 2 / 3), 10)
    expect(Math.abs(p.components[0] * s + p.components[1] * s)).toBeCloseTo(1, 10)
    expect(Math.abs(p.components[5])).toBeCloseTo(1, 10)
    const c = project(p, X, 4)
    expect(Math.abs(c[0])).toBeCloseTo(3, 10) // the first point lies 3 along u
    expect(Math.abs(c[1])).toBeCloseTo(0, 10)
    expect(Math.abs(c[4 + 1])).toBeCloseTo(1, 10) // the third point lies 1 along w
  })
})

describe('ROC and AUC', () => {
  it('the classic four-item example: AUC 0.75, and its curve point by point', () => {
    const r = roc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    expect(r.auc).toBe(0.75)
    expect(Array.from(r.fpr)).toEqual([0, 0, 0.5, 0.5, 1])
    expect(Array.from(r.tpr)).toEqual([0, 0.5, 0.5, 1, 1])
    expect(Array.from(r.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1])
  })

  it('AUC equals the Mann–Whitney count over all pairs (ties ½), with many ties', () => {
    const rng = createRng(3)
    const n = 300
    const scores = Array.from({ length: n }, () => rng.int(20))
    const labels = scores.map((s) => (rng.uniform() < 0.2 + s / 40 ? 1 : 0))
    let wins = 0
    let pairs = 0
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (labels[i] === 1 && labels[j] === 0) {
          pairs++
          wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0
        }
    const r = roc(scores, labels)
    expect(r.auc).toBeCloseTo(wins / pairs, 12)
    // the trapezoids under the curve give the same area
    let area = 0
    for (let k = 1; k < r.fpr.length; k++) area += ((r.fpr[k] - r.fpr[k - 1]) * (r.tpr[k] + r.tpr[k - 1])) / 2
    expect(area).toBeCloseTo(r.auc, 12)
    expect(r.fpr[r.fpr.length - 1]).toBe(1)
    expect(r.tpr[r.tpr.length - 1]).toBe(1)
  })

  it('precision and recall at a threshold, counted by hand', () => {
    const t = atThreshold([0.1, 0.4, 0.35, 0.8, 0.5], [0, 0, 1, 1, 0], 0.38)
    expect(t).toEqual({ truePositives: 1, falsePositives: 2, falseNegatives: 1, trueNegatives: 1, precision: 1 / 3, recall: 0.5 })
    expect(atThreshold([0.1], [1], 2).precision).toBeNaN()
  })
})
