// Exact partition function of the L×L periodic 2D Ising model at B = 0 (B. Kaufman,
// Phys. Rev. 76, 1232 (1949)), in the form of P. D. Beale, Phys. Rev. Lett. 76, 78 (1996):
//   Z = ½ (2 sinh 2K)^{L²/2} (Z₁ + Z₂ + Z₃ + Z₄),   K = J/T,
//   Z₁ = Π_{r=0}^{L−1} 2cosh(L γ_{2r+1}/2),   Z₂ = Π 2sinh(L γ_{2r+1}/2),
//   Z₃ = Π_{r=0}^{L−1} 2cosh(L γ_{2r}/2),     Z₄ = Π 2sinh(L γ_{2r}/2),
//   cosh γ_l = cosh 2K coth 2K − cos(π l / L)  (γ_l > 0) for l ≠ 0, and γ₀ = 2K + ln tanh K,
// which changes sign at Tc (negative above), so Z₄ is negative above Tc.
// Everything is done in logs (each product is a sum of logs, the four terms are combined
// with a signed log-sum-exp) so nothing overflows at large L or low T.
// Energy and specific heat come from exact analytic K-derivatives of each factor, not from
// finite differences: with a = Lγ/2 and f = 2cosh a (or 2sinh a),
//   f'/f = a' tanh a (coth a),   f''/f = a'² + a'' tanh a (coth a),
//   Z'/Z = Σ_r f'_r/f_r,  Z''/Z = Σ_r f''_r/f_r + 2 Σ_{r<s} (f'_r/f_r)(f'_s/f_s),
// and a' = (L/2)γ', with γ' = c'/sinh γ, γ'' = c''/sinh γ − cosh γ · c'²/sinh³ γ for
// c(K) = cosh² 2K / sinh 2K − cos(πl/L), and γ₀' = 2 + 2/sinh 2K, γ₀'' = −4 cosh 2K/sinh² 2K.
// Then u = −(J/N) ∂ln Z/∂K and c = (K²/N) ∂²ln Z/∂K² (the energy variance per N T²).
// J > 0 (for J < 0 the bipartite mapping gives the same Z for even L). Precision: ln Z to
// ~1e-15 relative; c to an absolute ~1e-16·K²·N (the derivative sums are O(N) and cancel),
// i.e. ~1e-11 at L = 512 near Tc, but no better than ~1e-9 deep in the ordered phase.

export interface KaufmanResult {
  logZ: number
  energyPerSpin: number
  specificHeat: number
}

interface TermSums {
  /** ln |Z_i| and its sign. */
  log: number
  sign: number
  /** Z_i'/Z_i and Z_i''/Z_i with respect to K. */
  d1: number
  d2: number
}

export function kaufman(L: number, T: number, J = 1): KaufmanResult {
  if (!(T > 0)) throw new Error('kaufman: T must be > 0')
  const a = Math.abs(J)
  const K = a / T
  const N = L * L
  const s2 = Math.sinh(2 * K)
  const c2 = Math.cosh(2 * K)
  const base = c2 * (c2 / s2) // cosh 2K coth 2K
  const dBase = 2 * c2 * (s2 * s2 - 1) / (s2 * s2)
  const d2Base = 4 * s2 - (4 * (s2 * s2 - 2 * c2 * c2)) / (s2 * s2 * s2)

  // γ_l, γ'_l, γ''_l for l = 0 … 2L−1.
  const g = new Float64Array(2 * L)
  const g1 = new Float64Array(2 * L)
  const g2 = new Float64Array(2 * L)
  for (let l = 0; l < 2 * L; l++) {
    if (l === 0) {
      let g0 = 2 * K + Math.log(Math.tanh(K))
      // Exactly at Tc, γ₀ = 0 and Z₄ = 0; a tiny nudge keeps Z₄''/Z₄ finite (its coth stays
      // < 1e150), changes Z by a relative 1e-150, and w₄·coth is then the right finite limit.
      if (Math.abs(g0) < 1e-150) g0 = g0 < 0 ? -1e-150 : 1e-150
      g[0] = g0
      g1[0] = 2 + 2 / s2
      g2[0] = (-4 * c2) / (s2 * s2)
      continue
    }
    const c = base - Math.cos((Math.PI * l) / L)
    const gl = Math.acosh(c)
    const sh = Math.sinh(gl)
    g[l] = gl
    g1[l] = dBase / sh
    g2[l] = d2Base / sh - (c * dBase * dBase) / (sh * sh * sh)
  }

  const term = (parity: 0 | 1, hyperbolic: 'cosh' | 'sinh'): TermSums => {
    let log = 0
    let sign = 1
    let sum1 = 0 // Σ f'/f
    let cross = 0 // Σ_{r<s} (f'_r/f_r)(f'_s/f_s)
    let sum2 = 0 // Σ f''/f
    for (let r = 0; r < L; r++) {
      const l = 2 * r + parity
      const x = (L * g[l]) / 2
      const x1 = (L * g1[l]) / 2
      const x2 = (L * g2[l]) / 2
      const ax = Math.abs(x)
      let ratio: number // tanh x or coth x
      if (hyperbolic === 'cosh') {
        log += ax + Math.log1p(Math.exp(-2 * ax)) // ln 2cosh x
        ratio = Math.tanh(x)
      } else {
        log += ax + Math.log(-Math.expm1(-2 * ax)) // ln |2 sinh x|
        if (x < 0) sign = -sign
        ratio = 1 / Math.tanh(x)
      }
      const q = x1 * ratio
      cross += q * sum1
      sum1 += q
      sum2 += x1 * x1 + x2 * ratio
    }
    // (Σq)² − Σq² summed as 2Σ_{r<s} q_r q_s: near Tc, q for γ₀ is ~1e16 and its square
    // would cancel catastrophically.
    return { log, sign, d1: sum1, d2: sum2 + 2 * cross }
  }

  const terms = [term(1, 'cosh'), term(1, 'sinh'), term(0, 'cosh'), term(0, 'sinh')]
  const ref = Math.max(...terms.map((t) => t.log))
  let S = 0
  for (const t of terms) S += t.sign * Math.exp(t.log - ref)
  const logS = ref + Math.log(S)
  let D1 = 0
  let D2 = 0
  for (const t of terms) {
    const w = (t.sign * Math.exp(t.log - ref)) / S // Z_i / ΣZ
    D1 += w * t.d1
    D2 += w * t.d2
  }
  const logPref = Math.log(0.5) + (N / 2) * (Math.LN2 + logSinh(2 * K))
  const logZ = logPref + logS
  // d/dK of (N/2) ln(2 sinh 2K) = N coth 2K; second derivative −2N / sinh² 2K.
  const dlogZ = N * (c2 / s2) + D1
  const d2logZ = (-2 * N) / (s2 * s2) + D2 - D1 * D1
  return { logZ, energyPerSpin: (-a * dlogZ) / N, specificHeat: (K * K * d2logZ) / N }
}

function logSinh(x: number): number {
  return x + Math.log(-Math.expm1(-2 * x)) - Math.LN2
}
