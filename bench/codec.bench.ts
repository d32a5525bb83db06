// One live-lattice frame through browser mode's codec (src/shared/codec): what packing spins one
// bit per site costs the server (encode) and the page (decode), against the same frame sent
// byte per site, measured back to back.

import { decodeMessage, encodeMessage } from '../src/shared/codec'
import { createRng } from '../src/engine/rng'
import type { BenchCase } from './harness'

const L = 512
const REPS = 200

function frameEvent(): unknown {
  const rng = createRng(1)
  const data = Int8Array.from({ length: L * L }, () => (rng.uniform() < 0.5 ? 1 : -1))
  return { event: { type: 'job.frame', runId: 1, data, meta: { L, sweep: 1000 } } }
}

/** Milliseconds per call of fn, over REPS calls. */
function msPer(fn: () => unknown): number {
  const t0 = performance.now()
  for (let i = 0; i < REPS; i++) fn()
  return (performance.now() - t0) / REPS
}

const message = frameEvent()
const packed = encodeMessage(message, { packSpins: true })
const raw = encodeMessage(message)

export const benches: BenchCase[] = [
  {
    name: 'codec.spinFrame.encode',
    unit: 'ms/frame',
    params: { L, packing: 'spin-bits', bytes: packed.length },
    repeats: 5,
    measure: () => msPer(() => encodeMessage(message, { packSpins: true })),
    reference: { label: `the frame byte per site (${raw.length} bytes)`, measure: () => msPer(() => encodeMessage(message)) }
  },
  {
    name: 'codec.spinFrame.decode',
    unit: 'ms/frame',
    params: { L, packing: 'spin-bits', bytes: packed.length },
    repeats: 5,
    measure: () => msPer(() => decodeMessage(packed)),
    reference: { label: `the frame byte per site (${raw.length} bytes)`, measure: () => msPer(() => decodeMessage(raw)) }
  }
]
