// xoshiro128** (Blackman & Vigna) seeded through splitmix32: the one PRNG of the engine.
// Every stochastic choice in the lab draws from an Rng made from the run's seed, so the
// same params and seed give the same run.

export interface Rng {
  /** Next raw 32-bit unsigned integer. */
  nextU32(): number
  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Standard normal (Box–Muller, the spare value is kept). */
  normal(): number
  /** An independent generator for a sub-task (e.g. one temperature point of a sweep). */
  fork(stream: number): Rng
  /** The full 128-bit state, to checkpoint and resume a stream exactly. */
  state(): Uint32Array
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0

export function createRng(seed: number, stream = 0): Rng {
  const mix = splitmix32((seed >>> 0) ^ Math.imul(stream >>> 0, 0x632be5ab))
  const s = new Uint32Array([mix(), mix(), mix(), mix()])
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1
  return fromState(s, seed)
}

export function rngFromState(state: Uint32Array, seed = 0): Rng {
  return fromState(new Uint32Array(state), seed)
}

function fromState(s: Uint32Array, seed: number): Rng {
  let spare = 0
  let hasSpare = false
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0
    const t = (s[1] << 9) >>> 0
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result
  }
  const uniform = (): number => nextU32() * 2.3283064365386963e-10
  return {
    nextU32,
    uniform,
    int: (n) => Math.floor(uniform() * n),
    normal: () => {
      if (hasSpare) {
        hasSpare = false
        return spare
      }
      let u = 0
      while (u === 0) u = uniform()
      const v = uniform()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      hasSpare = true
      return r * Math.cos(2 * Math.PI * v)
    },
    // Derived from the seed alone, not from draws so far: a sub-task gets the same stream
    // whichever worker runs it and in whatever order.
    fork: (stream) => createRng(seed, stream + 1),
    state: () => new Uint32Array(s)
  }
}

/** A fresh uniformly random permutation of `order`, in place (Fisher–Yates from the end). */
export function shuffle(order: Int32Array, rng: Rng): Int32Array {
  for (let k = order.length - 1; k > 0; k--) {
    const j = rng.int(k + 1)
    const t = order[k]
    order[k] = order[j]
    order[j] = t
  }
  return order
}
