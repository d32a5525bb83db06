// The benchmark harness: each bench/*.bench.ts exports `benches: BenchCase[]`; bench/run.ts
// runs them (filtered), repeats each and reports the median. Machines here are shared and
// noisy, so a figure is always a median of repeats, never a single timing. A case may carry a
// reference implementation (e.g. C compiled on the spot): each repeat then measures the case
// and the reference back to back, and the report adds the reference's median and the median
// of the per-repeat ratios, so both see the same load.

export interface BenchCase {
  /** Stable name, e.g. 'ising.metropolis.flips' — figures are tracked by it across versions. */
  name: string
  unit: string
  /** Parameters that identify the figure (L, T, batch…), printed and put in the JSON line. */
  params?: Record<string, string | number | boolean>
  /** How many times `measure` runs; the median is reported. Default 5. */
  repeats?: number
  /** Runs once before the repeats (JIT warm-up, data loading). */
  setup?: () => void | Promise<void>
  /** One measurement: returns the figure in `unit`. */
  measure: () => number | Promise<number>
  teardown?: () => void | Promise<void>
  /** Measured right after each repeat of `measure`, in the same unit. */
  reference?: BenchReference
}

export interface BenchReference {
  /** What it is, e.g. 'C gcc -O3 -march=native, 64 spins per word'. */
  label: string
  /** Why it cannot run here (e.g. no gcc): the case runs alone and the report says so. */
  unavailable?: string
  measure: () => number | Promise<number>
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Seconds taken by fn, from a monotonic clock. */
export function time(fn: () => void): number {
  const t0 = performance.now()
  fn()
  return (performance.now() - t0) / 1000
}

/** The same work timed twice: wall clock, and process CPU time (robust to a loaded machine). */
export function clockPair(name: string, params: Record<string, string | number>, setup: () => void, run: () => void): BenchCase[] {
  return [
    { name: `${name}.wall`, unit: 'ms', params, repeats: 5, setup, measure: () => 1000 * time(run) },
    {
      name: `${name}.cpu`,
      unit: 'ms',
      params: { ...params, clock: 'process cpu (user+sys), robust to a loaded machine' },
      repeats: 5,
      setup,
      measure: () => {
        const c0 = process.cpuUsage()
        run()
        const c = process.cpuUsage(c0)
        return (c.user + c.system) / 1000
      }
    }
  ]
}
