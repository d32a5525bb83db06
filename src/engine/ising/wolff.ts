// Wolff single-cluster update (B = 0 only). From a random seed site the cluster grows over
// satisfied bonds (Jσiσj > 0), each joined with probability p = 1 − e^{-2β|J|}, and the whole
// cluster flips. The (1 − p) factors of the satisfied bonds left on the boundary make the
// move obey detailed balance with e^{-βΔE} for any sign of J: for J > 0 the cluster is a
// domain of equal spins; for J < 0 it is a domain of alternating spins (the ferromagnetic
// cluster after the sublattice gauge transform σ → (−1)^{x+y}σ, which is exact for even L; for
// odd L the antiferromagnet is frustrated and the rule is still valid, only less efficient).
// A field B would add a boundary-free energy term the cluster ignores, so B ≠ 0 is refused.

import { nextUniform } from './random'

export interface WolffScratch {
  /** The cluster in order of joining (a FIFO queue, so it ends up listing every member once). */
  queue: Int32Array
  /** Site i is in the current cluster when mark[i] === stamp. */
  mark: Int32Array
  stamp: number
}

export function wolffScratch(N: number): WolffScratch {
  return { queue: new Int32Array(N), mark: new Int32Array(N), stamp: 0 }
}

export function assertWolffField(B: number): void {
  if (B !== 0) throw new Error(`Wolff cluster updates need B = 0 (got B = ${B}): use Metropolis or heat-bath in a field`)
}

/**
 * Grow and flip one cluster. `pAdd` from wolffAddProbability(J, T), `sign` = sign of J
 * (a neighbour j of i joins when σj = sign·σi before the flip). Updates `tally` =
 * [Σ<ij>σiσj, Σσi] exactly. Returns the cluster size.
 */
export function wolffCluster(
  spins: Int8Array,
  L: number,
  pAdd: number,
  sign: number,
  st: Int32Array,
  scratch: WolffScratch,
  tally: Int32Array
): number {
  const N = L * L
  const { queue, mark } = scratch
  if (scratch.stamp === 0x7fffffff) {
    mark.fill(0)
    scratch.stamp = 0
  }
  const stamp = ++scratch.stamp
  const seed = Math.min(N - 1, Math.floor(nextUniform(st) * N))
  let head = 0
  let size = 0
  let clusterM = 0
  queue[size++] = seed
  mark[seed] = stamp
  // Flip on joining; `want` is the pre-flip value a neighbour needs, computed from i's pre-flip value.
  while (head < size) {
    const i = queue[head++]
    const si = spins[i]
    clusterM += si
    spins[i] = -si
    const want = sign * si
    const x = i % L
    const row = i - x
    const n0 = row + (x === L - 1 ? 0 : x + 1)
    const n1 = row + (x === 0 ? L - 1 : x - 1)
    const n2 = i + L >= N ? i + L - N : i + L
    const n3 = i - L < 0 ? i - L + N : i - L
    if (mark[n0] !== stamp && spins[n0] === want && nextUniform(st) < pAdd) {
      mark[n0] = stamp
      queue[size++] = n0
    }
    if (mark[n1] !== stamp && spins[n1] === want && nextUniform(st) < pAdd) {
      mark[n1] = stamp
      queue[size++] = n1
    }
    if (mark[n2] !== stamp && spins[n2] === want && nextUniform(st) < pAdd) {
      mark[n2] = stamp
      queue[size++] = n2
    }
    if (mark[n3] !== stamp && spins[n3] === want && nextUniform(st) < pAdd) {
      mark[n3] = stamp
      queue[size++] = n3
    }
  }
  // Bonds inside the cluster keep σiσj; each boundary bond (i in, j out) changes sign. Summing
  // σiσj (after the flip) over boundary bonds b: Δ(bond sum) = 2·b.
  let boundary = 0
  for (let k = 0; k < size; k++) {
    const i = queue[k]
    const x = i % L
    const row = i - x
    const si = spins[i]
    const n0 = row + (x === L - 1 ? 0 : x + 1)
    const n1 = row + (x === 0 ? L - 1 : x - 1)
    const n2 = i + L >= N ? i + L - N : i + L
    const n3 = i - L < 0 ? i - L + N : i - L
    if (mark[n0] !== stamp) boundary += si * spins[n0]
    if (mark[n1] !== stamp) boundary += si * spins[n1]
    if (mark[n2] !== stamp) boundary += si * spins[n2]
    if (mark[n3] !== stamp) boundary += si * spins[n3]
  }
  tally[0] += 2 * boundary
  tally[1] -= 2 * clusterM
  return size
}
