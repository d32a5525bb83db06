// What the dreaming and completion jobs share: the stored machine they sample, and Gibbs
// chains run sweep by sweep under the host's control, streaming frames of ⟨v⟩ as they go
// (like the Ising lattice).

import type { JobContext } from '../job'
import { rbmFromArtifact } from './artifact'
import { meanFromOnProbability } from './conditionals'
import { downPass, upPass, type GibbsChains, type GibbsRule } from './gibbs'
import type { Rbm } from './model'
import { checkCount, type RbmRows } from './validate'

export interface ChainsInit {
  /** The stored machine: the 'rbm' artifact's data and meta. */
  machine?: { data: unknown; meta?: Record<string, unknown> }
  /** Rows to start from ('data' start) or to complete (item index into them). */
  rows?: RbmRows
}

/** Chains, sweeps and the frame interval are whole numbers ≥ 1. */
export function checkChainCounts(p: { chains: number; sweeps: number; frameEvery: number }): void {
  checkCount(p.chains, 'chains')
  checkCount(p.sweeps, 'sweeps')
  checkCount(p.frameEvery, 'sweeps between frames')
}

export function loadMachine(init: ChainsInit): ReturnType<typeof rbmFromArtifact> {
  if (!init.machine) throw new Error('choose a trained machine (a finished rbm.train run) to sample from')
  return rbmFromArtifact(init.machine.data, init.machine.meta)
}

/** ⟨v⟩ of every chain from its last down pass: what a frame shows. */
export function visibleMeans(m: Rbm, ch: GibbsChains): Float32Array {
  const out = new Float32Array(ch.n * m.nv)
  meanFromOnProbability(m.units, ch.PV, out, ch.n * m.nv)
  return out
}

/** Rows of a chain run: at most about this many, whatever the number of sweeps. */
const MAX_ROWS = 500

/** Whether sweep s (from 1) of `sweeps` gets a metric row: evenly spaced, the last one always. */
export const rowDue = (s: number, sweeps: number): boolean => s === sweeps || s % Math.ceil(sweeps / MAX_ROWS) === 0

/**
 * `sweeps` Gibbs sweeps h ~ P(h|v), v ~ P(v|h) of all chains, `between(sweep)` called after
 * each (to clamp, to measure), frames every `frameEvery` sweeps, the host's checkpoint between
 * sweeps. Returns the sweeps done (fewer if the user stopped).
 */
export function runChains(
  m: Rbm,
  ch: GibbsChains,
  p: { sweeps: number; frameEvery: number; gibbsRule: GibbsRule },
  ctx: JobContext,
  meta: Record<string, number | string>,
  between?: (sweep: number) => void
): number {
  const rng = ctx.rng.fork(41)
  for (let s = 0; s < p.sweeps; s++) {
    if (ctx.checkpoint() === 'stop') return s
    upPass(m, ch, rng, p.gibbsRule)
    downPass(m, ch, rng, p.gibbsRule)
    between?.(s + 1)
    if ((s + 1) % p.frameEvery === 0 && ctx.frameDue()) ctx.frame(visibleMeans(m, ch), { ...meta, sweep: s + 1 })
    ctx.progress((s + 1) / p.sweeps)
  }
  return p.sweeps
}

