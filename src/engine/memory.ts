// What a job will hold at its peak, estimated from its params before it runs, so that main can
// refuse a job that cannot fit the machine before it allocates anything (issue 10). Each job
// module states its own estimate next to the code that allocates, term by term: the terms
// name what the memory is for (the refusal message shows the largest), and a change to an
// allocation sits beside the line that accounts for it.
//
// The rule for an estimate: every large array the job allocates is counted at its full size,
// with the copies the host makes of frames and artifacts; small fixed overheads are not. An
// estimate may be high (up to about 2×), never low for a big term.

/** Bytes per term, e.g. { lattice: 1_048_576, 'measurement series': 16_777_216 }. */
export type MemoryTerms = Record<string, number>

/**
 * What a running job adds to its worker's V8 heap besides its arrays (the young generation
 * that its short-lived objects fill, compiled code): measured at 7–8 MB for a sweep point
 * whose arrays were 15–70 MB, ~21 MB once the lab had grown to 14 kinds (more code compiled
 * on the way); counted once per task.
 */
export const JS_HEAP_BYTES = 24 * 2 ** 20

export const F64 = 8
export const F32 = 4
export const I32 = 4

export function totalBytes(terms: Readonly<MemoryTerms>): number {
  let sum = 0
  for (const k in terms) sum += terms[k]
  return sum
}

/** Terms of several parts added up, term by term (parts that run at once, e.g. the replicas of a ladder). */
export function sumTerms(...parts: Readonly<MemoryTerms>[]): MemoryTerms {
  const out: MemoryTerms = {}
  for (const p of parts) for (const k in p) out[k] = (out[k] ?? 0) + p[k]
  return out
}
