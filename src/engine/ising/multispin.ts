// Multi-spin coded Metropolis: 32 spins of the same lattice in one 32-bit word, updated
// together with bit logic, each spin with its own exact acceptance decision.
//
// Layout (L a multiple of 32, W = L/32 words per row): bit k of word (y, w) holds the spin at
// x = k·W + w, bit 1 = σ = +1. So a word's ±x neighbours are the same bit of words w ∓ 1 of
// the row, except at the row ends, where the neighbour word is the one at the other end
// rotated by one bit; ±y neighbours are the same word in the rows above and below.
// Colour (x + y) mod 2 = (k·W + w + y) mod 2: for even W a whole word is one sublattice and
// a pass updates every other word fully; for odd W (L = 32, 96…) the sublattice is every other
// bit, and a pass updates half the bits of every word.
//
// Per word, the number a of anti-aligned neighbours (0…4) is added bitwise from the four
// XORs. A spin with a anti-aligned neighbours has σS = 4 − 2a, so its ΔE = 2J(4 − 2a) + 2Bσ:
// ten classes (a, σ), whatever the signs of J and B. Classes with ΔE ≤ 0 flip outright. For the
// others, each spin i compares its own uniform number Ui = 0.r1 r2 r3… (bit i of successive
// random words) with the binary expansion p = 0.p1 p2 p3… of its class's acceptance
// probability, most significant bit first: at the first digit where they differ, Ui < p iff
// that digit of p is 1. All undecided spins of the word share each random word but read
// different bits of it, so their decisions are independent; every step halves the undecided
// spins, so a word needs about log2(#undecided) + 2 random words rather than one per spin.
// After 32 digits a still undecided spin is rejected, so the acceptance probability applied
// is ⌊p·2^32⌋/2^32 — exactly the threshold the plain sweep uses (acceptance.ts).

import { CERTAIN } from './acceptance'

/** Multispin coding needs whole words per row. */
export function canMultispin(L: number): boolean {
  return L >= 32 && L % 32 === 0
}

/** Pack a ±1 lattice into the multispin layout. */
export function pack(spins: Int8Array, L: number): Int32Array {
  if (!canMultispin(L)) throw new Error(`multispin coding needs L a multiple of 32 (got ${L})`)
  const W = L >> 5
  const words = new Int32Array(L * W)
  for (let y = 0; y < L; y++) {
    for (let x = 0; x < L; x++) {
      if (spins[y * L + x] > 0) words[y * W + (x % W)] |= 1 << ((x / W) | 0)
    }
  }
  return words
}

/** Unpack into a ±1 row-major lattice (into `out` if given). Word by word: it runs for every live frame. */
export function unpack(words: Int32Array, L: number, out = new Int8Array(L * L)): Int8Array {
  const W = L >> 5
  for (let y = 0; y < L; y++) {
    const row = y * L
    for (let w = 0; w < W; w++) {
      const v = words[y * W + w]
      // bit k is the spin at x = k·W + w
      for (let k = 0, i = row + w; k < 32; k++, i += W) out[i] = (((v >>> k) & 1) << 1) - 1
    }
  }
  return out
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}

/** Σ<ij> σiσj = 2N − 2·(number of anti-aligned bonds), counted with XOR + popcount. */
export function packedBondSum(words: Int32Array, L: number): number {
  const W = L >> 5
  let anti = 0
  for (let y = 0; y < L; y++) {
    const row = y * W
    const below = y === L - 1 ? 0 : row + W
    for (let w = 0; w < W; w++) {
      const s = words[row + w]
      const v = words[row + (w === W - 1 ? 0 : w + 1)]
      const right = w === W - 1 ? (v >>> 1) | (v << 31) : v
      anti += popcount(s ^ right) + popcount(s ^ words[below + w])
    }
  }
  return 2 * L * L - 2 * anti
}

/** M = Σσi = 2·(number of up spins) − N. */
export function packedMagnetization(words: Int32Array, L: number): number {
  let up = 0
  for (let i = 0; i < words.length; i++) up += popcount(words[i])
  return 2 * up - L * L
}

/** Per-table constants of a pass, kept between sweeps (rebuilt when the table changes). */
export interface MultispinPlan {
  table: Float64Array
  /** −1 where the class always flips (ΔE ≤ 0), else 0; index 2a + (σ = +1). */
  certain: Int32Array
  /**
   * The classes that need random digits, merged when both spin values of an `a` share the
   * same probability (always at B = 0): entry = 4a + selector, selector 0 = σ −1 only,
   * 1 = σ +1 only, 2 = both.
   */
  open: Int32Array
  /** ⌊p·2^32⌋ per open entry, as int32 (sign bit = first binary digit of p). */
  digits: Int32Array
  /** m_a masks of the current word, a = 0…4. */
  byAnti: Int32Array
  /** Random words drawn for the current word. */
  words: Int32Array
}

/** Build the pass constants from multispinTable(J, B, T). */
export function multispinPlan(table: Float64Array): MultispinPlan {
  const certain = new Int32Array(10)
  const open: number[] = []
  const digits: number[] = []
  for (let c = 0; c < 10; c++) if (table[c] === CERTAIN) certain[c] = -1
  for (let a = 0; a <= 4; a++) {
    const down = table[2 * a]
    const up = table[2 * a + 1]
    if (down !== CERTAIN && down === up) {
      open.push(4 * a + 2)
      digits.push(down | 0)
      continue
    }
    if (down !== CERTAIN) {
      open.push(4 * a)
      digits.push(down | 0)
    }
    if (up !== CERTAIN) {
      open.push(4 * a + 1)
      digits.push(up | 0)
    }
  }
  return { table, certain, open: Int32Array.from(open), digits: Int32Array.from(digits), byAnti: new Int32Array(5), words: new Int32Array(32) }
}

/** One sweep: both sublattices, N attempted flips. */
export function multispinSweep(lattice: Int32Array, L: number, plan: MultispinPlan, st: Int32Array): void {
  multispinPass(lattice, L, plan, st, 0)
  multispinPass(lattice, L, plan, st, 1)
}

const EVEN_BITS = 0x55555555
const ODD_BITS = 0xaaaaaaaa | 0

/**
 * Half a sweep: every spin with (x + y) % 2 === color, once. `st` holds one xoshiro128**
 * state per random stream (4 words each): with q streams, the words of each row are split
 * into q equal blocks and block b draws from stream b, row after row — the order in which
 * the 128-spin kernel's four lanes draw (multispinSimd.ts), so both run the same chain.
 */
export function multispinPass(lattice: Int32Array, L: number, plan: MultispinPlan, st: Int32Array, color: number): void {
  const W = L >> 5
  const streams = st.length >> 2
  if (streams < 1 || W % streams !== 0) throw new Error(`${streams} random streams cannot split ${W} words per row`)
  for (let b = 0; b < streams; b++) multispinBlock(lattice, L, plan, st, color, b, W / streams)
}

/** The pass over words [b·B, (b + 1)·B) of every row, drawing from stream b. */
function multispinBlock(lattice: Int32Array, L: number, plan: MultispinPlan, st: Int32Array, color: number, b: number, B: number): void {
  const W = L >> 5
  const oddW = (W & 1) === 1
  const lastW = W - 1
  const w0 = b * B
  const w1 = w0 + B
  const { certain, open, digits, byAnti, words: drawn } = plan
  const nOpen = open.length
  const c0 = certain[0]
  const c1 = certain[1]
  const c2 = certain[2]
  const c3 = certain[3]
  const c4 = certain[4]
  const c5 = certain[5]
  const c6 = certain[6]
  const c7 = certain[7]
  const c8 = certain[8]
  const c9 = certain[9]
  const o = 4 * b
  let s0 = st[o]
  let s1 = st[o + 1]
  let s2 = st[o + 2]
  let s3 = st[o + 3]
  for (let y = 0; y < L; y++) {
    const row = y * W
    const up = y === 0 ? (L - 1) * W : row - W
    const down = y === L - 1 ? 0 : row + W
    for (let w = oddW ? w0 : w0 + ((w0 + y + color) & 1); w < w1; w += oddW ? 1 : 2) {
      const mask = oddW ? ((w + y + color) & 1 ? ODD_BITS : EVEN_BITS) : -1
      const i = row + w
      const s = lattice[i]
      const vl = w === 0 ? lattice[row + lastW] : lattice[i - 1]
      const vr = w === lastW ? lattice[row] : lattice[i + 1]
      const left = w === 0 ? (vl << 1) | (vl >>> 31) : vl
      const right = w === lastW ? (vr >>> 1) | (vr << 31) : vr
      // a = number of anti-aligned neighbours, as three bit planes a2 a1 a0
      const d1 = s ^ lattice[up + w]
      const d2 = s ^ lattice[down + w]
      const d3 = s ^ left
      const d4 = s ^ right
      const x1 = d1 ^ d2
      const x2 = d3 ^ d4
      const k1 = d1 & d2
      const k2 = d3 & d4
      const k3 = x1 & x2
      const a0 = x1 ^ x2
      const a1 = k1 ^ k2 ^ k3
      const a2 = k1 & k2
      const m0 = ~(a0 | a1 | a2)
      const m1 = a0 & ~a1
      const m2 = a1 & ~a0
      const m3 = a0 & a1
      const ns = ~s
      let flip =
        mask &
        ((m0 & ((ns & c0) | (s & c1))) |
          (m1 & ((ns & c2) | (s & c3))) |
          (m2 & ((ns & c4) | (s & c5))) |
          (m3 & ((ns & c6) | (s & c7))) |
          (a2 & ((ns & c8) | (s & c9))))
      if (nOpen !== 0) {
        byAnti[0] = m0
        byAnti[1] = m1
        byAnti[2] = m2
        byAnti[3] = m3
        byAnti[4] = a2
        let have = 0
        for (let j = 0; j < nOpen; j++) {
          const g = open[j]
          const sel = g & 3
          let undecided = mask & byAnti[g >> 2] & (sel === 2 ? -1 : sel === 1 ? s : ns)
          let p = digits[j]
          for (let k = 0; undecided !== 0 && k < 32; k++) {
            let r: number
            if (k < have) r = drawn[k]
            else {
              // xoshiro128** step, inlined (see random.ts)
              r = Math.imul(s1, 5)
              r = Math.imul((r << 7) | (r >>> 25), 9)
              const t = s1 << 9
              s2 ^= s0
              s3 ^= s1
              s1 ^= s2
              s0 ^= s3
              s2 ^= t
              s3 = (s3 << 11) | (s3 >>> 21)
              drawn[have++] = r
            }
            if (p < 0) {
              // digit 1: a spin reading 0 is below p (accept); reading 1 stays tied
              flip |= undecided & ~r
              undecided &= r
            } else {
              // digit 0: a spin reading 1 is above p (reject); reading 0 stays tied
              undecided &= ~r
            }
            p <<= 1
          }
        }
      }
      lattice[i] = s ^ flip
    }
  }
  st[o] = s0
  st[o + 1] = s1
  st[o + 2] = s2
  st[o + 3] = s3
}
