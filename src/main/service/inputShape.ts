// A request from outside is measured before any schema reads it: zod's cost (and the length of
// its messages) grows with what it is given, so an object with 10⁶ keys or a list of 10⁷
// numbers is refused here, in time proportional to the limits, not to its size. The limits
// are far above anything the method table accepts; bulk data travels as typed arrays, which
// count as one value (their size is bounded by the transport).

import { LabError } from '../../shared/errors'

export const INPUT_LIMITS = {
  /** Keys of one object: no params object of any kind has more than a few dozen. */
  keys: 256,
  /** Items of one list (a 64×64 Hopfield state is 4096; bulk data is sent as typed arrays). */
  items: 65_536,
  /** Characters of one string (names, kinds; nothing is free text of more). */
  chars: 65_536,
  /** Nesting of objects and lists. */
  depth: 32,
  /** Values in the whole request, counted one per number, string, list or object. */
  values: 1_000_000
} as const

const fmt = (n: number): string => n.toLocaleString('en-US')
const tooLarge = (what: string): LabError => new LabError('invalid', `The request is too large: ${what}.`)

/** Throw a LabError('invalid') naming the first limit `input` exceeds; never lists its contents. */
export function checkInputShape(input: unknown, limits: typeof INPUT_LIMITS = INPUT_LIMITS): void {
  const stack: [unknown, number][] = [[input, 0]]
  let values = 0
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (++values > limits.values) throw tooLarge(`it holds more than ${fmt(limits.values)} values`)
    if (typeof v === 'string') {
      if (v.length > limits.chars) throw tooLarge(`a text in it has ${fmt(v.length)} characters (at most ${fmt(limits.chars)})`)
      continue
    }
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue
    if (depth >= limits.depth) throw tooLarge(`it is nested more than ${limits.depth} levels deep`)
    if (Array.isArray(v)) {
      if (v.length > limits.items) throw tooLarge(`a list in it has ${fmt(v.length)} items (at most ${fmt(limits.items)})`)
      for (let i = 0; i < v.length; i++) stack.push([v[i], depth + 1])
      continue
    }
    // Counting stops at the limit: never walk all of a million keys to say there are too many.
    let keys = 0
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue
      if (++keys > limits.keys) throw tooLarge(`an object in it has more than ${fmt(limits.keys)} keys`)
      stack.push([(v as Record<string, unknown>)[k], depth + 1])
    }
  }
}
