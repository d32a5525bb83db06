// Random words for the hot loops. The sweeps draw one 32-bit word per attempted update
// (plain) or a few per 32 spins (multispin), so a closure call per draw is too slow: the
// loops inline the same xoshiro128** step as ../rng.ts on four local int32 variables and
// keep the state here between sweeps. The state is seeded from the simulation's Rng, so
// a run stays deterministic from its seed.

import type { Rng } from '../rng'

/**
 * xoshiro128** state (4 words, as int32), seeded from `rng`; with `streams` > 1, that many
 * states one after the other (4·streams words), for loops that draw from several streams.
 */
export function wordStream(rng: Rng, streams = 1): Int32Array {
  const s = new Int32Array(4 * streams)
  for (let i = 0; i < s.length; i++) s[i] = rng.nextU32() | 0
  for (let o = 0; o < s.length; o += 4) if ((s[o] | s[o + 1] | s[o + 2] | s[o + 3]) === 0) s[o] = 1
  return s
}

/** The next random word (int32; `>>> 0` for the unsigned value). Same step as the loops inline. */
export function nextWord(st: Int32Array): number {
  let s0 = st[0]
  let s1 = st[1]
  let s2 = st[2]
  let s3 = st[3]
  let r = Math.imul(s1, 5)
  r = Math.imul((r << 7) | (r >>> 25), 9)
  const t = s1 << 9
  s2 ^= s0
  s3 ^= s1
  s1 ^= s2
  s0 ^= s3
  s2 ^= t
  s3 = (s3 << 11) | (s3 >>> 21)
  st[0] = s0
  st[1] = s1
  st[2] = s2
  st[3] = s3
  return r
}
