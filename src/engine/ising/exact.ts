// Onsager's exact solution of the 2D Ising model (Eq. 14 with B = 0) on the infinite square
// lattice, k_B = 1. Everything depends on K = J/T; the formulas are written for J > 0. For
// J < 0 (antiferromagnet) the square lattice is bipartite, so flipping one sublattice maps it
// onto the ferromagnet with |J|: u, c, f are those of |J|, and the uniform magnetization is 0.
// Sources: L. Onsager, Phys. Rev. 65, 117 (1944) (free energy, energy, specific heat);
// C. N. Yang, Phys. Rev. 85, 808 (1952) (spontaneous magnetization); f and u in the form of
// K. Huang, "Statistical Mechanics", 2nd ed. (1987), §15.4. The tests check u against a
// finite difference of βf, c against one of u, and all three against Kaufman's finite-L
// partition function at large L (test/oracles/kaufman.ts).

/** Critical temperature Tc/J = 2 / ln(1 + √2) ≈ 2.269185 (Kramers–Wannier self-duality: sinh 2Kc = 1). */
export const ONSAGER_TC = 2 / Math.log(1 + Math.SQRT2)

export function criticalTemperature(J = 1): number {
  return Math.abs(J) * ONSAGER_TC
}

/** Arithmetic–geometric mean iteration: K(k) = π / (2 AGM(1, k')), and E(k) from the same
 *  sequence, E = K (1 − Σ_{n≥0} 2^{n−1} c_n²), c_0 = k, c_{n+1} = (a_n − b_n)/2
 *  (Abramowitz & Stegun 17.6.1–17.6.4). Takes k and k' = √(1 − k²) separately so that a
 *  caller who knows k' exactly (here near Tc, where k → 1) does not lose it to cancellation. */
function agmKE(k: number, kp: number): { K: number; E: number } {
  if (kp === 0) return { K: Infinity, E: 1 }
  let a = 1
  let b = kp
  let c = k
  let sum = 0.5 * c * c
  let pow = 0.5
  for (let i = 0; i < 64; i++) {
    c = 0.5 * (a - b)
    const an = 0.5 * (a + b)
    b = Math.sqrt(a * b)
    a = an
    pow *= 2
    sum += pow * c * c
    if (Math.abs(c) < 1e-17 * a) break
  }
  const K = Math.PI / (2 * a)
  return { K, E: K * (1 - sum) }
}

/** Complete elliptic integral of the first kind, K(k) = ∫₀^{π/2} dθ / √(1 − k² sin²θ) (modulus k). */
export function ellipticK(k: number): number {
  return agmKE(k, Math.sqrt((1 - k) * (1 + k))).K
}

/** Complete elliptic integral of the second kind, E(k) = ∫₀^{π/2} √(1 − k² sin²θ) dθ. */
export function ellipticE(k: number): number {
  if (Math.abs(k) === 1) return 1
  return agmKE(k, Math.sqrt((1 - k) * (1 + k))).E
}

/** The elliptic modulus of Onsager's solution, k = 2 sinh 2K / cosh² 2K, and its complement
 *  k' = |1 − sinh² 2K| / cosh² 2K = |2 tanh² 2K − 1| (exact; vanishes at Tc). */
function modulus(K: number): { k: number; kp: number; s: number; ch2: number } {
  const s = Math.sinh(2 * K)
  const ch2 = 1 + s * s
  return { k: (2 * s) / ch2, kp: Math.abs(1 - s * s) / ch2, s, ch2 }
}

/** Spontaneous magnetization per spin (Yang 1952): m = (1 − sinh(2K)^−4)^{1/8} below Tc, 0 above. */
export function onsagerMagnetization(T: number, J = 1): number {
  if (J <= 0) return 0
  if (T <= 0) return 1
  const s = Math.sinh((2 * J) / T)
  if (s <= 1) return 0
  return Math.pow(1 - Math.pow(s, -4), 0.125)
}

/** Internal energy per spin (Huang §15.4):
 *  u = −J coth 2K [1 + (2/π)(2 tanh² 2K − 1) K₁(k)]. At Tc the product (2tanh²2K − 1)K₁ → 0
 *  (K₁ diverges only logarithmically), so u(Tc) = −√2 J. */
export function onsagerEnergy(T: number, J = 1): number {
  const a = Math.abs(J)
  if (a === 0) return 0
  if (T <= 0) return -2 * a
  const K = a / T
  const { k, kp, s } = modulus(K)
  const t2m1 = (s * s - 1) / (1 + s * s) // 2 tanh² 2K − 1, written without cancellation
  const term = t2m1 === 0 ? 0 : t2m1 * agmKE(k, kp).K
  return -a * (Math.cosh(2 * K) / s) * (1 + (2 / Math.PI) * term)
}

/** Specific heat per spin, c = du/dT (the T-derivative of onsagerEnergy, written out):
 *  c = (4/π)(K coth 2K)² {K₁(k) − E₁(k) − (1 − tanh² 2K)[π/2 + (2tanh² 2K − 1)K₁(k)]}
 *  (as in M. Hjorth-Jensen, Computational Physics lecture notes, Eq. 13.1). Diverges
 *  logarithmically at Tc, c ≈ −(2/π)(2K_c)² ln|1 − T/Tc| (returns Infinity exactly there). */
export function onsagerSpecificHeat(T: number, J = 1): number {
  const a = Math.abs(J)
  if (a === 0 || T <= 0) return 0
  const K = a / T
  const { k, kp, s, ch2 } = modulus(K)
  if (kp === 0) return Infinity
  const { K: K1, E: E1 } = agmKE(k, kp)
  const sech2 = 1 / ch2 // 1 − tanh² 2K
  const t2m1 = (s * s - 1) / ch2
  const pre = (4 / Math.PI) * ((K * Math.cosh(2 * K)) / s) ** 2
  return pre * (K1 - E1 - sech2 * (Math.PI / 2 + t2m1 * K1))
}

/** Free energy per spin (Huang §15.4; the ∫₀^π/(2π) there is ∫₀^{π/2}/π by symmetry):
 *  −βf = ln(2 cosh 2K) + (1/π) ∫₀^{π/2} ln[½(1 + √(1 − k² sin²θ))] dθ,
 *  the integral by adaptive Simpson to ~1e-14 (the integrand is smooth; it only sharpens
 *  near θ = π/2 as k → 1). Returns f (so βf = f/T). */
export function onsagerFreeEnergy(T: number, J = 1): number {
  const a = Math.abs(J)
  if (T <= 0) return -2 * a
  const K = a / T
  const { k } = modulus(K)
  const g = (th: number): number => {
    const x = k * Math.sin(th)
    return Math.log(0.5 * (1 + Math.sqrt((1 - x) * (1 + x))))
  }
  const integral = adaptiveSimpson(g, 0, Math.PI / 2, 1e-15)
  const logcosh2K = 2 * K + Math.log1p(Math.exp(-4 * K)) - Math.LN2 // ln cosh 2K without overflow
  const mbf = Math.LN2 + logcosh2K + integral / Math.PI
  return -T * mbf
}

function adaptiveSimpson(f: (x: number) => number, a: number, b: number, tol: number): number {
  const fa = f(a)
  const fb = f(b)
  const m = 0.5 * (a + b)
  const fm = f(m)
  const whole = ((b - a) / 6) * (fa + 4 * fm + fb)
  const rec = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number => {
    const m = 0.5 * (a + b)
    const lm = 0.5 * (a + m)
    const rm = 0.5 * (m + b)
    const flm = f(lm)
    const frm = f(rm)
    const left = ((m - a) / 6) * (fa + 4 * flm + fm)
    const right = ((b - m) / 6) * (fm + 4 * frm + fb)
    const diff = left + right - whole
    // The floor on tol stops the recursion where rounding, not the rule, limits the accuracy.
    if (depth <= 0 || Math.abs(diff) <= 15 * Math.max(tol, 1e-16 * Math.abs(whole))) return left + right + diff / 15
    return rec(a, m, fa, flm, fm, left, tol / 2, depth - 1) + rec(m, b, fm, frm, fb, right, tol / 2, depth - 1)
  }
  return rec(a, b, fa, fm, fb, whole, tol, 30)
}
