// Checks the engine makes before touching anything, with the messages a user should read.
// The zod schemas in src/shared/kinds/hopfield.ts say the same things; these guard direct
// callers (tests, other engine code) and keep the engine honest on its own.

import type { HopfieldCapacityParams, HopfieldRecallParams } from './types'

export const GRID_MIN = 4
export const GRID_MAX = 64

export function gridProblem(width: number, height: number): string | null {
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < GRID_MIN || v > GRID_MAX) return `grid ${name} must be a whole number from ${GRID_MIN} to ${GRID_MAX} (got ${v})`
  }
  return null
}

export function patternsProblem(patterns: readonly ArrayLike<number>[], width: number, height: number): string | null {
  const N = width * height
  if (patterns.length === 0) return 'the pattern library is empty: store at least one pattern before recall'
  for (let k = 0; k < patterns.length; k++) {
    const P = patterns[k]
    if (P.length !== N) return `pattern ${k} has ${P.length} pixels but a ${width}×${height} grid has ${N}`
    for (let i = 0; i < N; i++) {
      if (P[i] !== 1 && P[i] !== -1) return `pattern ${k}, pixel ${i} is ${P[i]}: stored pixels must be +1 or −1`
    }
  }
  return null
}

export function recallProblem(p: HopfieldRecallParams): string | null {
  const grid = gridProblem(p.width, p.height)
  if (grid) return grid
  const N = p.width * p.height
  const pats = patternsProblem(p.patterns, p.width, p.height)
  if (pats) return pats
  if (p.rule === 'pseudoinverse' && p.patterns.length > N)
    return `the pseudo-inverse rule stores at most N = ${N} patterns (got ${p.patterns.length})`
  if (p.dynamics === 'glauber' && !(p.T > 0)) return `Glauber dynamics needs a temperature T > 0 (got ${p.T})`
  if (!Number.isInteger(p.maxSweeps) || p.maxSweeps < 1) return `maxSweeps must be a whole number ≥ 1 (got ${p.maxSweeps})`
  if (Array.isArray(p.thresholds) && p.thresholds.length !== N)
    return `thresholds has ${p.thresholds.length} values but the grid has ${N} neurons`
  const inp = p.input
  if (inp.from === 'pattern' && !(Number.isInteger(inp.index) && inp.index >= 0 && inp.index < p.patterns.length))
    return `input pattern ${inp.index} does not exist: the library has ${p.patterns.length} pattern${p.patterns.length === 1 ? '' : 's'}`
  if (inp.from === 'state') {
    if (inp.state.length !== N) return `the input state has ${inp.state.length} pixels but the grid has ${N}`
    const bad = inp.state.findIndex((v) => v !== 1 && v !== -1 && v !== 0)
    if (bad >= 0) return `input pixel ${bad} is ${inp.state[bad]}: input pixels are +1, −1 or 0 (unknown)`
  }
  for (const c of p.corruption) {
    if (c.type === 'flip' && !(c.fraction >= 0 && c.fraction <= 1)) return `flip fraction must be in [0, 1] (got ${c.fraction})`
    if (c.type === 'blank' && (c.x < 0 || c.y < 0 || c.width < 1 || c.height < 1 || c.x + c.width > p.width || c.y + c.height > p.height))
      return `blank region ${c.width}×${c.height} at (${c.x}, ${c.y}) does not fit in the ${p.width}×${p.height} grid`
    if (c.type === 'mask' && c.mask.length !== N) return `the brush mask has ${c.mask.length} pixels but the grid has ${N}`
  }
  return null
}

export function capacityProblem(p: HopfieldCapacityParams): string | null {
  if (!Number.isInteger(p.N) || p.N < 16) return `N must be a whole number ≥ 16 (got ${p.N})`
  if (p.rules.length === 0) return 'choose at least one learning rule'
  if (!(p.trials >= 1)) return `trials must be ≥ 1 (got ${p.trials})`
  const alphas = Array.isArray(p.alphas) ? p.alphas : [p.alphas.from, p.alphas.to]
  if (alphas.length === 0) return 'give at least one load α'
  for (const a of alphas) if (!(a > 0 && a <= 1)) return `each load α = p/N must be in (0, 1] (got ${a})`
  if (!(p.corruption >= 0 && p.corruption <= 1)) return `corruption must be a fraction in [0, 1] (got ${p.corruption})`
  if (!(p.density > 0 && p.density < 1)) return `density must be in (0, 1) (got ${p.density})`
  return null
}

export function assertNoProblem(problem: string | null): void {
  if (problem) throw new Error(problem)
}
