// The Hopfield panel's parts of the workspace (workspace.svelte.ts): the drawing grid with its
// corruption and the pattern library (pixels as the library files write them: '+' ink, '-'
// background, '0' unknown), the recall's settings, and the capacity experiment's form with the
// run it showed last.

import { z } from 'zod'
import { hopfieldDynamics, hopfieldRules, HOPFIELD_GRID_MAX, HOPFIELD_GRID_MIN } from '../../shared/kinds/hopfield'
import { stateString } from './hopfieldGrid'
import { capacityModel, gridModel, libraryModel, recallModel } from './hopfieldSession.svelte'
import { workspace } from './workspace.svelte'

const Side = z.number().int().min(HOPFIELD_GRID_MIN).max(HOPFIELD_GRID_MAX)
const Pixels = z.string().regex(/^[+-]*$/, 'stored pixels are + or -')
const Bits = z.string().regex(/^[01]*$/)
const Text = z.string().max(10_000)
/** A number field as the form holds it: any number, or null while the field is empty (the form reports it). */
const Num = z.number().nullable()

const pixels = (s: string): Int8Array => Int8Array.from(s, (c) => (c === '+' ? 1 : c === '-' ? -1 : 0))
const bits = (s: string): Uint8Array => Uint8Array.from(s, (c) => (c === '1' ? 1 : 0))
const bitString = (a: ArrayLike<number>): string => Array.from(a, (v) => (v ? '1' : '0')).join('')

const LibraryValue = z
  .object({
    width: Side,
    height: Side,
    patterns: z.array(z.object({ label: z.string().max(40), pixels: Pixels })).max(4096),
    selected: z.number().int().min(0),
    probe: z.object({ base: z.string().regex(/^[+\-0]*$/), flip: Bits, blank: Bits }),
    neuron: z.number().int().min(0)
  })
  .superRefine((v, ctx) => {
    const N = v.width * v.height
    if (v.patterns.some((p) => p.pixels.length !== N)) ctx.addIssue({ code: 'custom', message: 'a pattern does not fit the grid' })
    if (v.probe.base.length !== N || v.probe.flip.length !== N || v.probe.blank.length !== N) ctx.addIssue({ code: 'custom', message: 'the drawing does not fit the grid' })
  })

workspace.part({
  key: 'hopfield.library',
  version: 1,
  what: 'the Hopfield grid and pattern library',
  schema: LibraryValue,
  save: () => ({
    width: gridModel.width,
    height: gridModel.height,
    patterns: libraryModel.patterns.map((p) => ({ label: p.label, pixels: stateString(p.data) })),
    selected: libraryModel.selected,
    probe: { base: stateString(gridModel.probe.base), flip: bitString(gridModel.probe.flip), blank: bitString(gridModel.probe.blank) },
    neuron: gridModel.neuron
  }),
  restore: (v) => {
    const N = v.width * v.height
    gridModel.width = v.width
    gridModel.height = v.height
    gridModel.probe = { base: pixels(v.probe.base), flip: bits(v.probe.flip), blank: bits(v.probe.blank) }
    gridModel.neuron = Math.min(v.neuron, N - 1)
    libraryModel.setPatterns(v.patterns.map((p) => ({ label: p.label, data: pixels(p.pixels) })))
    libraryModel.selected = Math.min(v.selected, Math.max(0, v.patterns.length - 1))
  }
})

workspace.part({
  key: 'hopfield.recall',
  version: 1,
  what: 'the recall settings',
  schema: z.object({
    rule: z.enum(hopfieldRules),
    dynamics: z.enum(hopfieldDynamics),
    T: Num,
    maxSweeps: Num,
    seedText: Text
  }),
  save: () => ({ rule: recallModel.rule, dynamics: recallModel.dynamics, T: recallModel.T, maxSweeps: recallModel.maxSweeps, seedText: recallModel.seedText }),
  restore: (v) => Object.assign(recallModel, v)
})

workspace.part({
  key: 'hopfield.capacity',
  version: 1,
  what: 'the capacity experiment’s form',
  schema: z.object({
    N: Num,
    from: Num,
    to: Num,
    points: Num,
    trials: Num,
    corruptionPct: Num,
    rules: z.array(z.enum(hopfieldRules)).max(3),
    probes: Num,
    maxSweeps: Num,
    density: Num,
    seedText: Text,
    lastRun: z.number().int().positive().nullable()
  }),
  save: () => {
    const m = capacityModel
    return { N: m.N, from: m.from, to: m.to, points: m.points, trials: m.trials, corruptionPct: m.corruptionPct, rules: [...m.rules], probes: m.probes, maxSweeps: m.maxSweeps, density: m.density, seedText: m.seedText, lastRun: m.job.runId }
  },
  restore: ({ lastRun, ...form }) => {
    // Numbers as the form holds them: an out-of-range one is the form's to report, as if typed.
    Object.assign(capacityModel, form)
    capacityModel.job.remember(lastRun)
  }
})

// A capacity run opened from Runs or reattached: the form says what it ran.
capacityModel.job.onTake((_d, p, how) => {
  if (!p || how === 'reopen' || Array.isArray(p.alphas)) return
  Object.assign(capacityModel, {
    N: p.N,
    from: p.alphas.from,
    to: p.alphas.to,
    points: p.alphas.points,
    trials: p.trials,
    corruptionPct: p.corruption * 100,
    rules: [...p.rules],
    probes: p.probes,
    maxSweeps: p.maxSweeps,
    density: p.density
  })
})
