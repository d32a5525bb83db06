// Histogram reweighting (Ferrenberg & Swendsen, PRL 61, 2635 (1988); PRL 63, 1195 (1989)).
// Samples drawn at inverse temperature β₀ carry the Boltzmann weight e^{−β₀E}; the same samples
// describe any nearby β when each is given the extra weight e^{−(β−β₀)E}:
//   ⟨A⟩_β = Σ_s A_s e^{−(β−β₀)E_s} / Σ_s e^{−(β−β₀)E_s}                     (single histogram)
// That works while the energy histogram at β₀ still covers the energies that matter at β (a
// few σ_E). Several runs k at β_k are combined into one density of states Ω(E) (WHAM, the
// multiple-histogram method), with n_k samples of statistical inefficiency g_k = 2τ_k:
//   Ω(E) = Σ_k H_k(E)/g_k / Σ_j (n_j/g_j) e^{−β_j E − f_j}                     (FS 1989, Eq. 8)
//   e^{f_k} = Σ_E Ω(E) e^{−β_k E}                                              (Eq. 9, f_k = ln Z_k)
// solved by iterating the two, and then ⟨A⟩_β = Σ_E A(E) Ω(E) e^{−βE} / Σ_E Ω(E) e^{−βE}, with
// A(E) the (1/g-weighted) mean of A over the samples at E. With one run it is the single
// histogram above. Everything is in logs; the sums run over the distinct energies.
// Errors: a jackknife over blocks of the time series — replica b leaves out the b-th block of
// every run and solves again (warm-started), so the error includes that of the f_k.

export interface HistogramRun {
  beta: number
  /** Energies of the samples, in time order. */
  energy: ArrayLike<number>
  /** Observables per sample (aligned with energy); every run has the same number of columns. */
  columns: ArrayLike<number>[]
  /** g = 2τ_int ≥ 1 (in samples): n/g are the independent samples. */
  inefficiency: number
}

/** Runs folded onto their distinct energies, per jackknife block. */
export interface EnergyTable {
  energies: Float64Array
  blocks: number
  columns: number
  /** Weighted (1/g) counts per block: [b·U + u]. */
  counts: Float64Array
  /** Weighted column sums per block: [(b·C + c)·U + u]. */
  sums: Float64Array
  /** Effective samples n_k/g_k per block: [b·K + k]. */
  nEff: Float64Array
  betas: Float64Array
  /** Per run: mean and standard deviation of its energy (for the reweighting range). */
  meanE: Float64Array
  sdE: Float64Array
}

export function foldRuns(runs: HistogramRun[], blocks = 16): EnergyTable {
  const K = runs.length
  const C = runs[0]?.columns.length ?? 0
  const index = new Map<number, number>()
  for (const r of runs) for (let s = 0; s < r.energy.length; s++) if (!index.has(r.energy[s])) index.set(r.energy[s], index.size)
  const order = [...index.keys()].sort((a, b) => a - b)
  order.forEach((e, u) => index.set(e, u))
  const U = order.length
  const counts = new Float64Array(blocks * U)
  const sums = new Float64Array(blocks * C * U)
  const nEff = new Float64Array(blocks * K)
  const meanE = new Float64Array(K)
  const sdE = new Float64Array(K)
  runs.forEach((r, k) => {
    if (r.columns.length !== C) throw new Error('every run needs the same columns')
    const n = r.energy.length
    const size = Math.floor(n / blocks)
    if (size < 1) throw new Error(`a run has ${n} samples, fewer than the ${blocks} jackknife blocks`)
    const skip = n - size * blocks
    const w = 1 / Math.max(1, r.inefficiency)
    let s1 = 0
    let s2 = 0
    for (let s = skip; s < n; s++) {
      const b = Math.floor((s - skip) / size)
      const u = index.get(r.energy[s])!
      counts[b * U + u] += w
      for (let c = 0; c < C; c++) sums[(b * C + c) * U + u] += w * r.columns[c][s]
      s1 += r.energy[s]
      s2 += r.energy[s] * r.energy[s]
    }
    for (let b = 0; b < blocks; b++) nEff[b * K + k] = size * w
    meanE[k] = s1 / (n - skip)
    sdE[k] = Math.sqrt(Math.max(0, s2 / (n - skip) - meanE[k] ** 2))
  })
  return { energies: Float64Array.from(order), blocks, columns: C, counts, sums, nEff, betas: Float64Array.from(runs, (r) => r.beta), meanE, sdE }
}

/** The table's data with one block left out (`leave` = −1: all). */
export interface HistogramSet {
  logH: Float64Array
  /** Column sums per distinct energy: [c·U + u]. */
  sums: Float64Array
  logN: Float64Array
}

export function histogramSet(t: EnergyTable, leave = -1): HistogramSet {
  const U = t.energies.length
  const K = t.betas.length
  const C = t.columns
  const H = new Float64Array(U)
  const sums = new Float64Array(C * U)
  const n = new Float64Array(K)
  for (let b = 0; b < t.blocks; b++) {
    if (b === leave) continue
    for (let u = 0; u < U; u++) H[u] += t.counts[b * U + u]
    for (let c = 0; c < C; c++) for (let u = 0; u < U; u++) sums[c * U + u] += t.sums[(b * C + c) * U + u]
    for (let k = 0; k < K; k++) n[k] += t.nEff[b * K + k]
  }
  return { logH: H.map((h) => (h > 0 ? Math.log(h) : -Infinity)), sums, logN: n.map(Math.log) }
}

function logSumExp(x: Float64Array): number {
  let m = -Infinity
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i]
  if (m === -Infinity) return m
  let s = 0
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m)
  return m + Math.log(s)
}

/** ln D(E) = ln Σ_j n_j e^{−β_j E − f_j} per distinct energy (the WHAM denominator). */
export function logDenominator(energies: Float64Array, betas: Float64Array, logN: Float64Array, f: Float64Array): Float64Array {
  const K = betas.length
  const tmp = new Float64Array(K)
  return energies.map((E) => {
    for (let k = 0; k < K; k++) tmp[k] = logN[k] - betas[k] * E - f[k]
    return logSumExp(tmp)
  })
}

export interface WhamSolution {
  /** f_k = ln Z_k (f₀ = 0). */
  f: Float64Array
  logD: Float64Array
  iterations: number
  converged: boolean
}

/**
 * Eqs. 8–9 solved to self-consistency (|Δf| < tol), from `start` when given. The plain
 * iteration of the two equations converges slowly when many histograms overlap (its rate is
 * set by the overlap), so after a few plain steps Newton's method is used on the convex
 * function whose stationary point they are (Bartels & Karplus 1997; Shirts & Chodera 2008):
 *   F(f) = Σ_E H(E) ln D(E) + Σ_k n_k f_k,   ∂F/∂f_k = n_k − Σ_E H(E) w_k(E),
 *   ∂²F/∂f_k∂f_l = Σ_E H(E) w_k(E) (δ_kl − w_l(E)),   w_k(E) = n_k e^{−β_k E − f_k}/D(E),
 * with f₀ = 0 fixed (F does not change when every f_k shifts together).
 */
export function solveWham(energies: Float64Array, betas: Float64Array, h: HistogramSet, opts: { start?: Float64Array; tol?: number; maxIterations?: number } = {}): WhamSolution {
  const K = betas.length
  const U = energies.length
  const tol = opts.tol ?? 1e-9
  const maxIt = opts.maxIterations ?? 20000
  const f = opts.start ? Float64Array.from(opts.start) : new Float64Array(K)
  const tmp = new Float64Array(U)
  let logD = logDenominator(energies, betas, h.logN, f)
  if (K === 1) return { f, logD, iterations: 0, converged: true }
  const plainStep = (): number => {
    let change = 0
    const next = new Float64Array(K)
    for (let k = 0; k < K; k++) {
      for (let u = 0; u < U; u++) tmp[u] = h.logH[u] - betas[k] * energies[u] - logD[u]
      next[k] = logSumExp(tmp)
    }
    const shift = next[0]
    for (let k = 0; k < K; k++) {
      next[k] -= shift
      change = Math.max(change, Math.abs(next[k] - f[k]))
    }
    f.set(next)
    logD = logDenominator(energies, betas, h.logN, f)
    return change
  }
  const H = h.logH.map(Math.exp)
  const objective = (g: Float64Array, lD: Float64Array): number => {
    let F = 0
    for (let u = 0; u < U; u++) if (H[u] > 0) F += H[u] * lD[u]
    for (let k = 0; k < K; k++) F += Math.exp(h.logN[k]) * g[k]
    return F
  }
  for (let it = 1; it <= maxIt; it++) {
    if (it <= 5 || K > 300) {
      if (plainStep() < tol) return { f, logD, iterations: it, converged: true }
      continue
    }
    // Newton on f₁ … f_{K−1}.
    const n = K - 1
    const grad = new Float64Array(n)
    const hess = new Float64Array(n * n)
    const w = new Float64Array(K)
    for (let k = 1; k < K; k++) grad[k - 1] = Math.exp(h.logN[k])
    for (let u = 0; u < U; u++) {
      if (!(H[u] > 0)) continue
      for (let k = 0; k < K; k++) w[k] = Math.exp(h.logN[k] - betas[k] * energies[u] - f[k] - logD[u])
      for (let k = 1; k < K; k++) {
        grad[k - 1] -= H[u] * w[k]
        const hk = H[u] * w[k]
        hess[(k - 1) * n + (k - 1)] += hk
        for (let l = 1; l < K; l++) hess[(k - 1) * n + (l - 1)] -= hk * w[l]
      }
    }
    const step = solveSymmetric(hess, grad, n)
    if (!step) {
      if (plainStep() < tol) return { f, logD, iterations: it, converged: true }
      continue
    }
    // Damped: halve the step until F goes down.
    const F0 = objective(f, logD)
    let t = 1
    let accepted = false
    for (let tries = 0; tries < 30 && !accepted; tries++, t /= 2) {
      const trial = Float64Array.from(f)
      for (let k = 1; k < K; k++) trial[k] -= t * step[k - 1]
      const lD = logDenominator(energies, betas, h.logN, trial)
      if (objective(trial, lD) <= F0 + 1e-12 * Math.abs(F0)) {
        let change = 0
        for (let k = 0; k < K; k++) change = Math.max(change, Math.abs(trial[k] - f[k]))
        f.set(trial)
        logD = lD
        accepted = true
        if (change < tol) return { f, logD, iterations: it, converged: true }
      }
    }
    if (!accepted && plainStep() < tol) return { f, logD, iterations: it, converged: true }
  }
  return { f, logD, iterations: maxIt, converged: false }
}

/** Solve A x = b for a symmetric positive definite n×n A (Cholesky); null when A is not. */
function solveSymmetric(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const Lm = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]
      for (let k = 0; k < j; k++) s -= Lm[i * n + k] * Lm[j * n + k]
      if (i === j) {
        if (!(s > 0)) return null
        Lm[i * n + i] = Math.sqrt(s)
      } else Lm[i * n + j] = s / Lm[j * n + j]
    }
  }
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = b[i]
    for (let k = 0; k < i; k++) s -= Lm[i * n + k] * y[k]
    y[i] = s / Lm[i * n + i]
  }
  const x = new Float64Array(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]
    for (let k = i + 1; k < n; k++) s -= Lm[k * n + i] * x[k]
    x[i] = s / Lm[i * n + i]
  }
  return x
}

/** ⟨column c⟩ at β for every column: Σ_E A(E) e^{−βE − ln D} / Σ_E H(E) e^{−βE − ln D}. */
export function reweightedMeans(energies: Float64Array, h: HistogramSet, logD: Float64Array, beta: number, columns: number): Float64Array {
  const U = energies.length
  let lmax = -Infinity
  const lw = new Float64Array(U)
  for (let u = 0; u < U; u++) {
    lw[u] = -beta * energies[u] - logD[u]
    if (h.logH[u] > -Infinity && lw[u] + h.logH[u] > lmax) lmax = lw[u] + h.logH[u]
  }
  let z = 0
  const out = new Float64Array(columns)
  for (let u = 0; u < U; u++) {
    if (h.logH[u] === -Infinity) continue
    const w = Math.exp(lw[u] - lmax)
    z += w * Math.exp(h.logH[u])
    for (let c = 0; c < columns; c++) out[c] += w * h.sums[c * U + u]
  }
  for (let c = 0; c < columns; c++) out[c] /= z
  return out
}
