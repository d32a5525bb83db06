// Tunnelling between the two ordered basins (m > 0 and m < 0). Below Tc a local update
// crosses the free-energy barrier between them rarely (at L = 4, T = 1.5 not once in 20,000
// heat-bath sweeps); binning cannot see a time scale that the series never shows, so a chain
// stuck in one basin reports a confident wrong ⟨m⟩ (and at B ≠ 0 a wrong ⟨E⟩ too).
//
// Which observables a stuck chain gets wrong: the flip σ → −σ leaves the J part of Eq. 14
// unchanged and turns −BM into +BM, so
//   Z_other / Z_visited = ⟨e^{−2BM/T}⟩_visited = w                                  (exact)
// and the weight the other basin should have had is p = w/(1 + w). At B = 0, w = 1: the
// basins are mirror images, every even observable (e, |m|, m², m⁴, χ, C, U₄) is sampled
// right from one basin, and only ⟨m⟩ is wrong (by 2p⟨|m|⟩ = ⟨|m|⟩). At B ≠ 0 the basins
// differ and every observable is biased.

/** Basin changes: m crossing from above +h to below −h or back (hysteresis ±h, h > 0). */
export function basinChanges(m: ArrayLike<number>, h: number): number {
  let basin = 0
  let changes = 0
  for (let i = 0; i < m.length; i++) {
    const b = m[i] > h ? 1 : m[i] < -h ? -1 : 0
    if (b === 0) continue
    if (basin !== 0 && b !== basin) changes++
    basin = b
  }
  return changes
}

/** Fewer basin changes than this: the two basins' weights rest on a handful of visits. */
export const MIN_BASIN_CHANGES = 10

export interface TunnellingDiagnosis {
  /** Basin changes of m (hysteresis at ±⟨|m|⟩/2). */
  changes: number
  /** Weight p the basin the chain spent less time in should have (from w above). */
  otherBasinWeight: number
  /** The bias of ⟨m⟩ a chain stuck in the visited basin has: ⟨m⟩ = ±⟨|m|⟩(1 − 2p), so 2p⟨|m|⟩. */
  stuckBias: number
  /** Too few changes for a bias larger than the error bar of ⟨m⟩: ⟨m⟩ (and at B ≠ 0 all) untrustworthy. */
  flagged: boolean
}

/**
 * m: the magnetization per spin series; N spins; B field; T temperature; mErr the error bar
 * of ⟨m⟩. The basin the chain was in most is taken as the visited one.
 */
export function diagnoseTunnelling(m: ArrayLike<number>, N: number, B: number, T: number, mErr: number): TunnellingDiagnosis {
  const n = m.length
  let absM = 0
  let up = 0
  for (let i = 0; i < n; i++) {
    absM += Math.abs(m[i])
    if (m[i] > 0) up++
  }
  absM /= Math.max(1, n)
  const changes = basinChanges(m, absM / 2)
  const sign = up >= n - up ? 1 : -1
  // w = ⟨e^{−2BM/T}⟩ over the visited basin's samples, in logs (no overflow deep in a field).
  let lmax = -Infinity
  for (let i = 0; i < n; i++) if (Math.sign(m[i]) === sign) lmax = Math.max(lmax, (-2 * B * m[i] * N) / T)
  let s = 0
  let k = 0
  for (let i = 0; i < n; i++) {
    if (Math.sign(m[i]) !== sign) continue
    s += Math.exp((-2 * B * m[i] * N) / T - lmax)
    k++
  }
  const logW = k > 0 ? lmax + Math.log(s / k) : 0
  const p = 1 / (1 + Math.exp(-logW))
  const stuckBias = 2 * p * absM
  const flagged = changes < MIN_BASIN_CHANGES && stuckBias > mErr
  return { changes, otherBasinWeight: p, stuckBias, flagged }
}
