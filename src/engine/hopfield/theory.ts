// Closed forms the capacity experiment is compared with.

/** Amit–Gutfreund–Sompolinsky: Hebbian retrieval collapses at α = p/N ≈ 0.138 (N → ∞). */
export const CRITICAL_ALPHA = 0.138

/**
 * Complementary error function, |relative error| < 1.2e-7 everywhere (Numerical Recipes'
 * Chebyshev fit); enough for an error rate drawn as a curve.
 */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
  return x >= 0 ? r : 2 - r
}

/**
 * One-step error rate of the Hebbian rule: the crosstalk on a stored bit is a sum of p·N
 * random ±1/N terms, Gaussian with variance p/N, so a bit flips with probability
 * P = ½ erfc(√(N/2p)).
 */
export function oneStepErrorRate(N: number, p: number): number {
  return 0.5 * erfc(Math.sqrt(N / (2 * p)))
}
