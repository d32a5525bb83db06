// Spin–spin correlations of one lattice (Sec. III; the correlation length that diverges at Tc).
//   G(r) = (1/2N) Σ_i σ_i (σ_{i+r x̂} + σ_{i+r ŷ}),   r = 0 … L/2, along both axes
// (periodic, so r and L − r are the same distance). At Tc, G(r) ≈ A r^{−1/4} for 1 ≪ r ≪ L
// with A = 0.70338 along an axis (Wu 1966; McCoy & Wu) — the η = 1/4 of the 2D Ising class.
// The second-moment correlation length uses the structure factor at the smallest nonzero
// momentum k_min = 2π/L instead of a fit to G(r):
//   S(k) = (1/N) |Σ_j σ_j e^{i k·x_j}|²,  S(0) = M²/N,
//   ξ = √(⟨S(0)⟩/⟨S(k_min)⟩ − 1) / (2 sin(k_min/2))
// (Cooper, Freedman & Preston 1982). Per measurement we keep f = S(k_min)/N averaged over the
// x and y directions, so that ξ = √(⟨m²⟩/⟨f⟩ − 1)/(2 sin(π/L)) (observables.ts); it costs
// O(N) per lattice, from the row and column sums of the spins.

/** G(r) along both axes of one lattice, added to `into` (length ⌊L/2⌋ + 1). */
export function addAxisCorrelation(spins: Int8Array, L: number, into: Float64Array): void {
  const N = L * L
  const rMax = L >> 1
  for (let r = 0; r <= rMax; r++) {
    let s = 0
    for (let y = 0; y < L; y++) {
      const row = y * L
      const rowBelow = ((y + r) % L) * L
      for (let x = 0; x < L; x++) {
        const xr = x + r < L ? x + r : x + r - L
        s += spins[row + x] * (spins[row + xr] + spins[rowBelow + x])
      }
    }
    into[r] += s / (2 * N)
  }
}

/** cos and sin of k_min·x for x = 0 … L−1. */
export function lowestModeTable(L: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(L)
  const sin = new Float64Array(L)
  for (let x = 0; x < L; x++) {
    cos[x] = Math.cos((2 * Math.PI * x) / L)
    sin[x] = Math.sin((2 * Math.PI * x) / L)
  }
  return { cos, sin }
}

/** f = S(k_min)/N, the mean of the x and y directions (see the header). `sums` is scratch of length 2L. */
export function lowestModeStructureFactor(spins: Int8Array, L: number, table: { cos: Float64Array; sin: Float64Array }, sums = new Float64Array(2 * L)): number {
  sums.fill(0)
  // sums[x]: column x summed over y; sums[L + y]: row y summed over x.
  for (let y = 0; y < L; y++) {
    const row = y * L
    let r = 0
    for (let x = 0; x < L; x++) {
      const s = spins[row + x]
      sums[x] += s
      r += s
    }
    sums[L + y] = r
  }
  let cx = 0
  let sx = 0
  let cy = 0
  let sy = 0
  for (let k = 0; k < L; k++) {
    cx += table.cos[k] * sums[k]
    sx += table.sin[k] * sums[k]
    cy += table.cos[k] * sums[L + k]
    sy += table.sin[k] * sums[L + k]
  }
  const N = L * L
  return (cx * cx + sx * sx + cy * cy + sy * sy) / (2 * N * N)
}

/** The exact critical decay of G along an axis, A r^{−1/4} (asymptotic, infinite lattice). */
export const CRITICAL_AMPLITUDE = 0.70338
export const criticalCorrelation = (r: number): number => CRITICAL_AMPLITUDE * r ** -0.25
