// Runs side by side: the params that differ, the curves the runs share and how they are laid
// over each other, the final metrics — worked out by hand for small runs.
import { describe, expect, it } from 'vitest'
import { compareCurves, finalMetrics, paramRows, RUN_COLOURS, sharedPlot, sharedSeries } from '../../../src/renderer/lib/compareRuns'
import type { SeriesData } from '../../../src/shared/types'

const series = (steps: number[], values: Record<string, number[]>): SeriesData => ({
  steps: Float64Array.from(steps),
  values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Float64Array.from(v)])),
  total: steps.length
})

describe('params', () => {
  it('lists every param, those that differ first and marked', () => {
    const rows = paramRows([{ params: { L: 8, algorithm: 'wolff', T: [2, 3] } }, { params: { L: 8, algorithm: 'metropolis', T: [2, 3], carry: true } }])
    expect(rows).toEqual([
      { key: 'algorithm', values: ['wolff', 'metropolis'], differs: true },
      { key: 'carry', values: ['–', 'true'], differs: true },
      { key: 'L', values: ['8', '8'], differs: false },
      { key: 'T', values: ['2, 3', '2, 3'], differs: false }
    ])
  })

  it('tells apart values that read alike once rounded', () => {
    const [lr] = paramRows([{ params: { lr: 0.00100000001 } }, { params: { lr: 0.001 } }])
    expect(lr.values).toEqual(['0.001', '0.001'])
    expect(lr.differs).toBe(true)
  })
})

describe('curves', () => {
  const sweeps = [
    { id: 1, name: 'metropolis', kind: 'ising.sweep', series: ['L', 'T', 'e', 'eErr', 'eConverged', 'absM'], result: { measured: 4 } },
    { id: 2, name: 'wolff', kind: 'ising.sweep', series: ['L', 'T', 'e', 'eErr', 'eConverged'], result: { measured: 2 } }
  ]
  // Cooling order (T falls with the step) and two sizes in the first run.
  const data = [
    series([0, 1, 2, 3], { L: [4, 4, 8, 8], T: [3, 2, 3, 2], e: [-1, -1.7, -0.9, -1.8], eErr: [0.1, 0.2, 0.05, 0.06], eConverged: [1, 1, 1, 1], absM: [0.2, 0.8, 0.1, 0.9] }),
    series([0, 1], { L: [4, 4], T: [3, 2], e: [-1.1, -1.6], eErr: [0.1, 0.1], eConverged: [1, 0] })
  ]

  it('a sweep is plotted against T, one curve per L; error bars from <name>Err; flags and axes are not quantities', () => {
    expect(sharedPlot(sweeps)).toEqual({ x: 'T', group: 'L' })
    expect(sharedSeries(sweeps)).toEqual(['e'])
    const curves = compareCurves(sweeps, data, 'e')
    expect(curves.map((c) => c.label)).toEqual(['#1 metropolis · L = 4', '#1 metropolis · L = 8', '#2 wolff · L = 4'])
    // Each curve in the order of T, with its own errors.
    expect(Array.from(curves[0].x)).toEqual([2, 3])
    expect(Array.from(curves[0].y)).toEqual([-1.7, -1])
    expect(Array.from(curves[0].yErr!)).toEqual([0.2, 0.1])
    expect(Array.from(curves[1].y)).toEqual([-1.8, -0.9])
    // A colour per run; the sizes of one run told apart by dashes.
    expect(curves.map((c) => c.color)).toEqual([RUN_COLOURS[0], RUN_COLOURS[0], RUN_COLOURS[1]])
    expect(curves.map((c) => c.dashed)).toEqual([false, true, false])
  })

  it('kinds that plot against different axes share the step', () => {
    const mixed = [
      { id: 1, name: 'loop', kind: 'ising.hysteresis', series: ['B', 'm', 'e'] },
      { id: 2, name: 'live', kind: 'ising.live', series: ['e', 'm', 'absM'] }
    ]
    expect(sharedPlot(mixed)).toEqual({ x: null, group: null })
    expect(sharedSeries(mixed)).toEqual(['m', 'e'])
    const curves = compareCurves(mixed, [series([0, 1], { B: [0, 1], m: [0, 1], e: [-1, -2] }), series([0, 5], { e: [-1, -1.5], m: [0, 0], absM: [0, 0] })], 'e')
    expect(curves.map((c) => Array.from(c.x))).toEqual([[0, 1], [0, 5]])
  })
})

describe('final metrics', () => {
  it('the numbers of the results and the last value of each shared curve; the best score marked', () => {
    const runs = [
      { kind: 'network.train', series: ['valAccuracy', 'valLoss', 'epoch'], result: { testAccuracy: 0.91, epochsRun: 3, note: 'x' } },
      { kind: 'network.train', series: ['valAccuracy', 'valLoss', 'epoch'], result: { testAccuracy: 0.94, epochsRun: 3 } }
    ]
    const data = [series([0, 1, 2], { valAccuracy: [0.5, 0.8, NaN], valLoss: [1, 0.5, NaN], epoch: [0, 1, 2] }), series([0, 1], { valAccuracy: [0.6, 0.7], valLoss: [0.9, 0.6], epoch: [0, 1] })]
    expect(finalMetrics(runs, data)).toEqual([
      { key: 'testAccuracy', values: [0.91, 0.94], best: 1 },
      { key: 'epochsRun', values: [3, 3], best: -1 },
      { key: 'valAccuracy (last)', values: [0.8, 0.7], best: 0 },
      { key: 'valLoss (last)', values: [0.5, 0.6], best: 0 }
    ])
  })

  it('physical quantities have no best', () => {
    const runs = [
      { kind: 'ising.live', series: ['e'], result: { e: -1.9 } },
      { kind: 'ising.live', series: ['e'], result: { e: -1.2 } }
    ]
    expect(finalMetrics(runs, [null, null])).toEqual([{ key: 'e', values: [-1.9, -1.2], best: -1 }])
  })
})
