// Spins (±1 in an Int8Array) one bit per site, for the wire: a live L = 512 lattice is 32 KB
// instead of 256 KB. Bit i of byte k is site 8k + i, set for σ = +1; the bits past the last
// site are zero, so a packing has exactly one form.

/** Bytes that carry `sites` spins. */
export const spinBitsBytes = (sites: number): number => Math.ceil(sites / 8)

/** The spins one bit per site, or null when a value is not ±1 (then the array is sent as it is). */
export function packSpins(spins: Int8Array): Uint8Array | null {
  const n = spins.length
  const bits = new Uint8Array(spinBitsBytes(n))
  // Eight sites (two words) at a time where the array is word-aligned: the frames a worker
  // sends are, and this is 4× faster than site by site.
  let k = 0
  if (spins.byteOffset % 4 === 0) {
    const words = new Int32Array(spins.buffer, spins.byteOffset, n >> 3 << 1)
    for (; k < words.length >> 1; k++) {
      const lo = downNibble(words[2 * k])
      const hi = downNibble(words[2 * k + 1])
      if (lo < 0 || hi < 0) return null
      bits[k] = ~(lo | (hi << 4)) & 0xff
    }
  }
  for (let i = 8 * k; i < n; k++) {
    let byte = 0
    for (let b = 0; b < 8 && i < n; b++, i++) {
      const s = spins[i]
      if (s === 1) byte |= 1 << b
      else if (s !== -1) return null
    }
    bits[k] = byte
  }
  return bits
}

/**
 * Four Int8 sites in a little-endian word: a nibble with bit j set where site j is −1, or −1
 * when a byte is neither 0x01 (+1) nor 0xFF (−1). A valid byte has its low bit set and its
 * seven others all equal to its sign bit.
 */
function downNibble(w: number): number {
  const signs = (w >>> 7) & 0x01010101
  if ((w & 0x01010101) !== 0x01010101 || (w & 0xfefefefe) !== Math.imul(signs, 0xfe)) return -1
  return (signs | (signs >>> 7) | (signs >>> 14) | (signs >>> 21)) & 0xf
}

// Each byte of bits as its 8 spins, two little-endian words (the renderer and Node are little-endian).
let unpacked: Uint32Array | null = null
function unpackTable(): Uint32Array {
  if (unpacked) return unpacked
  unpacked = new Uint32Array(512)
  const spins = new Int8Array(unpacked.buffer)
  for (let byte = 0; byte < 256; byte++) for (let b = 0; b < 8; b++) spins[8 * byte + b] = (byte >> b) & 1 ? 1 : -1
  return unpacked
}

/**
 * The spins of `bits` (as packSpins wrote them) for `sites` sites. Throws when the byte count
 * does not match or a padding bit is set: such bits were not written by packSpins.
 */
export function unpackSpins(bits: Uint8Array, sites: number): Int8Array {
  if (bits.length !== spinBitsBytes(sites)) throw new Error(`spin bits: ${bits.length} bytes for ${sites} sites (expected ${spinBitsBytes(sites)})`)
  const tail = sites & 7
  if (tail !== 0 && bits[bits.length - 1] >> tail !== 0) throw new Error('spin bits: padding bits set past the last site')
  const table = unpackTable()
  const out = new Int8Array(sites)
  const whole = sites >> 3
  // Whole bytes two words at a time; the buffer is fresh, so its words are aligned.
  const words = new Uint32Array(out.buffer, 0, whole * 2)
  for (let k = 0; k < whole; k++) {
    const at = 2 * bits[k]
    words[2 * k] = table[at]
    words[2 * k + 1] = table[at + 1]
  }
  for (let i = whole * 8; i < sites; i++) out[i] = (bits[whole] >> (i & 7)) & 1 ? 1 : -1
  return out
}
