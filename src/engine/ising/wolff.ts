// Wolff single-cluster update (B = 0 only). From a random seed site the cluster grows over
// satisfied bonds (Jσiσj > 0), each joined with probability p = 1 − e^{-2β|J|}, and the whole
// cluster flips. The (1 − p) factors of the satisfied bonds left on the boundary make the
// move obey detailed balance with e^{-βΔE} for any sign of J: for J > 0 the cluster is a
// domain of equal spins; for J < 0 it is a domain of alternating spins (the ferromagnetic
// cluster after the sublattice gauge transform σ → (−1)^{x+y}σ, which is exact for even L; for
// odd L the antiferromagnet is frustrated and the rule is still valid, only less efficient).
// A field B would add a boundary-free energy term the cluster ignores, so B ≠ 0 is refused.
//
// How it runs: a site flips the moment it joins and goes on a stack (LIFO: the sites tried
// next are the ones just touched, still in cache). One pass flips and keeps the exact sums:
// flipping σj with neighbour sum Sj (as the lattice is at that moment) changes Σ<ij>σiσj by
// −2σjSj, so adding that up join by join gives the cluster's ΔE with no second pass. A bond
// is tried when the neighbour still holds the value it needs to join; the random word is
// compared with the integer threshold ⌊p·2^32⌋ (acceptance.ts).
//
// Two loops, one chain. For L a power of two the cluster grows in WebAssembly (wolff.wat:
// neighbours by masks; the lattice is bipartite, so a joined neighbour holds the flipped value
// and can never match again), on a lattice that lives in the kernel's memory. Everywhere else
// — other L, a lattice the caller owns, a runtime without WebAssembly — the general loop below
// runs; it is also the reference the kernel is tested against, site for site and word for
// word. There the x coordinate rides along on the stack, so no `%` is needed, and joined sites
// hold ±2 until the cluster is done: on a frustrated lattice (J < 0, odd L) a joined neighbour
// can hold, after its flip, the very value that would let it join again.

import { threshold } from './acceptance'
import { nextWord } from './random'
import { wolffWasmBase64 } from './wolffWasm.generated'
import { wasmInstance, wasmMemory, wasmModule } from '../wasm'

/** Byte offsets in the kernel's memory (see wolff.wat). */
const IO = 0
const SPINS = 64

interface WolffKernel {
  L: number
  cluster(L: number, log2N: number, tAdd: bigint, sign: number, stack: number): number
  /** [s0 s1 s2 s3 bonds m] at byte 0. */
  io: Int32Array
  stack: number
  /** The threshold last passed, as the i64 the kernel takes. */
  tAdd: number
  tAddBig: bigint
}

export interface WolffScratch {
  /**
   * The lattice to pass to wolffCluster for the WebAssembly loop (L a power of two; null
   * otherwise or where WebAssembly is missing). Any other array runs the general loop.
   */
  lattice: Int8Array | null
  kernel: WolffKernel | null
  /** General loop: sites whose bonds are still to be tried, their x, the cluster in joining order. */
  stack: Int32Array
  stackX: Int32Array
  members: Int32Array
}

const isPowerOfTwo = (n: number): boolean => (n & (n - 1)) === 0

function wolffKernel(L: number): { kernel: WolffKernel; lattice: Int8Array } | null {
  const N = L * L
  const module = wasmModule(wolffWasmBase64)
  const stack = (SPINS + N + 15) & ~15
  const memory = module ? wasmMemory(stack + 4 * N) : null
  if (!module || !memory) return null
  const exports = wasmInstance<{ cluster: WolffKernel['cluster'] }>(module, memory)
  const kernel = { L, cluster: exports.cluster, io: new Int32Array(memory.buffer, IO, 6), stack, tAdd: -1, tAddBig: 0n }
  return { kernel, lattice: new Int8Array(memory.buffer, SPINS, N) }
}

export function wolffScratch(N: number): WolffScratch {
  const L = Math.round(Math.sqrt(N))
  // N = L² is a power of two exactly when L is.
  const fast = isPowerOfTwo(N) ? wolffKernel(L) : null
  const empty = new Int32Array(0)
  return { lattice: fast?.lattice ?? null, kernel: fast?.kernel ?? null, stack: empty, stackX: empty, members: empty }
}

export function assertWolffField(B: number): void {
  if (B !== 0) throw new Error(`Wolff cluster updates need B = 0 (got B = ${B}): use Metropolis or heat-bath in a field`)
}

/**
 * Grow and flip one cluster. `pAdd` from wolffAddProbability(J, T), `sign` = sign of J
 * (a neighbour j of i joins when σj = sign·σi before the flip). Updates `tally` =
 * [Σ<ij>σiσj, Σσi] exactly. Returns the cluster size. Runs in WebAssembly when `spins` is
 * `scratch.lattice`.
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
  const k = scratch.kernel
  if (k !== null && spins === scratch.lattice && k.L === L) return clusterWasm(k, L, threshold(pAdd), sign, st, tally)
  return clusterGeneral(spins, L, threshold(pAdd), sign, st, scratch, tally)
}

function clusterWasm(k: WolffKernel, L: number, tAdd: number, sign: number, st: Int32Array, tally: Int32Array): number {
  if (tAdd !== k.tAdd) {
    k.tAdd = tAdd
    k.tAddBig = BigInt(tAdd)
  }
  const io = k.io
  io[0] = st[0]
  io[1] = st[1]
  io[2] = st[2]
  io[3] = st[3]
  const size = k.cluster(L, 2 * Math.log2(L), k.tAddBig, sign, k.stack)
  st[0] = io[0]
  st[1] = io[1]
  st[2] = io[2]
  st[3] = io[3]
  tally[0] -= 2 * io[4]
  tally[1] -= 2 * io[5]
  return size
}

/**
 * Flip site j (σj = s, x = xj) into the cluster: it holds −2s until the cluster is done.
 * Returns s·Sj, Sj the sum of its neighbours as they are now (joined ones at their flipped
 * value): joining changes Σ<ij>σiσj by −2·s·Sj.
 */
function joinGeneral(spins: Int8Array, j: number, xj: number, s: number, L: number, N: number): number {
  const last = L - 1
  // (v >> 1) | 1 maps a joined site's −2σ to −σ and leaves ±1 alone
  const S =
    ((spins[xj === last ? j - last : j + 1] >> 1) | 1) +
    ((spins[xj === 0 ? j + last : j - 1] >> 1) | 1) +
    ((spins[j + L >= N ? j + L - N : j + L] >> 1) | 1) +
    ((spins[j < L ? j - L + N : j - L] >> 1) | 1)
  spins[j] = -2 * s
  return s * S
}

/** The cluster for any L: see the header. */
function clusterGeneral(spins: Int8Array, L: number, tAdd: number, sign: number, st: Int32Array, scratch: WolffScratch, tally: Int32Array): number {
  const N = L * L
  const last = L - 1
  if (scratch.stack.length < N) {
    scratch.stack = new Int32Array(N)
    scratch.stackX = new Int32Array(N)
    scratch.members = new Int32Array(N)
  }
  const { stack, stackX, members } = scratch
  // ⌊u·N/2^32⌋ (exact: u·N < 2^53), the top bits of u when N is a power of two
  const seed = Math.floor((nextWord(st) >>> 0) * N * 2.3283064365386963e-10)
  const sSeed = spins[seed]
  const xSeed = seed % L // once per cluster
  let bonds = joinGeneral(spins, seed, xSeed, sSeed, L, N)
  let m = sSeed
  stack[0] = seed
  stackX[0] = xSeed
  members[0] = seed
  let top = 1
  let size = 1
  let s0 = st[0]
  let s1 = st[1]
  let s2 = st[2]
  let s3 = st[3]
  let r = 0
  let t = 0
  while (top > 0) {
    top--
    const i = stack[top]
    const x = stackX[top]
    const want = -sign * (spins[i] >> 1) // the σj that joins i: sign·σi before i's flip
    // right, left, below, above: the order the kernel tries them in
    for (let k = 0; k < 4; k++) {
      const j = k === 0 ? (x === last ? i - last : i + 1) : k === 1 ? (x === 0 ? i + last : i - 1) : k === 2 ? (i + L >= N ? i + L - N : i + L) : i < L ? i - L + N : i - L
      if (spins[j] !== want) continue
      // xoshiro128** step, inlined (see random.ts)
      r = Math.imul(s1, 5)
      r = Math.imul((r << 7) | (r >>> 25), 9)
      t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = (s3 << 11) | (s3 >>> 21)
      if (r >>> 0 >= tAdd) continue
      const xj = k === 0 ? (x === last ? 0 : x + 1) : k === 1 ? (x === 0 ? last : x - 1) : x
      bonds += joinGeneral(spins, j, xj, want, L, N)
      m += want
      stack[top] = j
      stackX[top] = xj
      top++
      members[size++] = j
    }
  }
  // the cluster is complete: −2σ → −σ
  for (let k = 0; k < size; k++) spins[members[k]] >>= 1
  st[0] = s0
  st[1] = s1
  st[2] = s2
  st[3] = s3
  tally[0] -= 2 * bonds
  tally[1] -= 2 * m
  return size
}
