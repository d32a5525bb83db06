// Principal component analysis: the directions of largest variance of n points in d dimensions
// (the eigenvectors of their covariance matrix, by decreasing eigenvalue). The lab uses it to
// show latent spaces of more than two neurons in a plane — a projection, which can hide
// structure that lies along the directions it drops. The eigenvectors come from cyclic Jacobi
// rotations of the symmetric d × d covariance (d ≤ a few hundred).

export interface Pca {
  d: number
  mean: Float64Array
  /** c rows of d: the principal axes, unit length, by decreasing variance. */
  components: Float64Array
  /** The variance along each axis (the eigenvalues). */
  variances: Float64Array
  /** The share of the total variance each axis carries. */
  explained: Float64Array
}

/** The covariance matrix (d × d, divided by n − 1) of n rows of d, and the mean of each column. */
export function covariance(X: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d)
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += X[r * d + j] / n
  const cov = new Float64Array(d * d)
  for (let r = 0; r < n; r++)
    for (let i = 0; i < d; i++) {
      const di = X[r * d + i] - mean[i]
      for (let j = i; j < d; j++) cov[i * d + j] += di * (X[r * d + j] - mean[j])
    }
  const norm = Math.max(1, n - 1)
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      cov[i * d + j] /= norm
      cov[j * d + i] = cov[i * d + j]
    }
  return { mean, cov }
}

/**
 * Eigenvalues and eigenvectors of a symmetric d × d matrix A (not changed) by Jacobi rotations:
 * each rotation zeroes one off-diagonal pair; sweeps repeat until the off-diagonal part is
 * negligible. Returns the eigenvalues and the eigenvectors as the rows of `vectors`.
 */
export function symmetricEigen(A: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = A.slice()
  const v = new Float64Array(d * d)
  for (let i = 0; i < d; i++) v[i * d + i] = 1
  let scale = 0
  for (let i = 0; i < d * d; i++) scale += a[i] * a[i]
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2
    if (off <= 1e-30 * scale) break
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]
        if (apq === 0) continue
        // the angle that zeroes a_pq: tan 2θ = 2 a_pq / (a_qq − a_pp)
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]
          const akq = a[k * d + q]
          a[k * d + p] = c * akp - s * akq
          a[k * d + q] = s * akp + c * akq
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]
          const aqk = a[q * d + k]
          a[p * d + k] = c * apk - s * aqk
          a[q * d + k] = s * apk + c * aqk
        }
        for (let k = 0; k < d; k++) {
          const vpk = v[p * d + k]
          const vqk = v[q * d + k]
          v[p * d + k] = c * vpk - s * vqk
          v[q * d + k] = s * vpk + c * vqk
        }
      }
  }
  const values = new Float64Array(d)
  for (let i = 0; i < d; i++) values[i] = a[i * d + i]
  return { values, vectors: v }
}

/** The first c principal axes of n rows of d. */
export function pca(X: ArrayLike<number>, n: number, d: number, c = Math.min(2, d)): Pca {
  const { mean, cov } = covariance(X, n, d)
  const { values, vectors } = symmetricEigen(cov, d)
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => values[j] - values[i])
  const total = values.reduce((s, x) => s + Math.max(0, x), 0)
  const m = Math.min(c, d)
  const components = new Float64Array(m * d)
  const variances = new Float64Array(m)
  const explained = new Float64Array(m)
  order.slice(0, m).forEach((i, r) => {
    components.set(vectors.subarray(i * d, (i + 1) * d), r * d)
    variances[r] = Math.max(0, values[i])
    explained[r] = total > 0 ? variances[r] / total : 0
  })
  return { d, mean, components, variances, explained }
}

/** The coordinates of n rows of d along the axes of `p` (n rows of p's component count). */
export function project(p: Pca, X: ArrayLike<number>, n: number): Float64Array {
  const { d } = p
  const c = p.variances.length
  const out = new Float64Array(n * c)
  for (let r = 0; r < n; r++)
    for (let k = 0; k < c; k++) {
      let s = 0
      for (let j = 0; j < d; j++) s += (X[r * d + j] - p.mean[j]) * p.components[k * d + j]
      out[r * c + k] = s
    }
  return out
}
