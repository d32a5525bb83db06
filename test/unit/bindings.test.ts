// The bindings of main: one per job kind, what the worker serves, and the sweep's plan.
import { describe, expect, it } from 'vitest'
import { bindings, taskRunners } from '../../src/main/jobs/bindings'
import { pointSweepPlan } from '../../src/main/jobs/bindings/isingSweep'
import { kindNames } from '../../src/shared/kinds'
import { isingSweep, isingSweepParams } from '../../src/shared/kinds/isingSweep'
import { networkTrain } from '../../src/shared/kinds/network'
import { autoencoderTrain } from '../../src/shared/kinds/autoencoder'
import { cnnTrain } from '../../src/shared/kinds/cnn'
import type { SweepPointParams, SweepPointResult } from '../../src/engine/ising/sweepPoint'

describe('the binding registry', () => {
  it('binds every kind under its own name', () => {
    for (const kind of kindNames) expect(bindings[kind].kind).toBe(kind)
  })

  it("gives the worker each single kind's engine function and the sweep's two task kinds (a point, a replica ladder), nothing else", () => {
    const single = kindNames.filter((k) => k !== isingSweep.kind)
    expect(Object.keys(taskRunners).sort()).toEqual([...single, `${isingSweep.kind}/point`, `${isingSweep.kind}/replicas`].sort())
  })

  it('plans the sweep, and loads stored inputs only for the training kinds', () => {
    for (const kind of kindNames) {
      expect(bindings[kind].plan !== undefined, kind).toBe(kind === isingSweep.kind)
      expect(bindings[kind].prepare !== undefined, kind).toBe(kind === networkTrain.kind || kind === cnnTrain.kind || kind === autoencoderTrain.kind)
    }
  })
})

describe('the sweep plan', () => {
  const params = isingSweepParams.parse({ sizes: [4, 8], range: { Tmin: 2, Tmax: 3, points: 3 } })
  /** What runSweepPoint returns for a point, with two observables. */
  const pointResult = ({ L, T, J, B, algorithm, equilibrationSweeps, measurementSweeps }: SweepPointParams): SweepPointResult => ({
    L, T, J, B, algorithm, equilibrationSweeps, measurementSweeps, measureEvery: 1, clustersPerSweep: 0, meanClusterSize: 0, stopped: false,
    e: -1.5, eErr: 0.01, converged: true
  })

  it('makes one independent task per (L, T), cooling by default, each with its own seed', () => {
    const plan = pointSweepPlan(params, 1)
    expect(plan.task.name).toBe(`${isingSweep.kind}/point`)
    expect(plan.chains.map((c) => c.length)).toEqual([1, 1, 1, 1, 1, 1])
    const tasks = plan.chains.flat()
    expect(tasks.map((t) => t.key)).toEqual(['L=4/T=3.0000', 'L=4/T=2.5000', 'L=4/T=2.0000', 'L=8/T=3.0000', 'L=8/T=2.5000', 'L=8/T=2.0000'])
    expect(tasks.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5])
    expect(new Set(tasks.map((t) => t.seed)).size).toBe(6)
    expect(pointSweepPlan(params, 1).chains.flat().map((t) => t.seed)).toEqual(tasks.map((t) => t.seed))
    expect(plan.carry).toBeUndefined()
  })

  it('with carry: one chain per size, each point starting from the lattice the previous one left', () => {
    const plan = pointSweepPlan({ ...params, carry: true }, 1)
    expect(plan.chains.map((c) => c.map((t) => t.params.T))).toEqual([
      [3, 2.5, 2],
      [3, 2.5, 2]
    ])
    const lattice = Int8Array.from([1, -1, 1, 1])
    const result = pointResult(plan.chains[0][0].params)
    expect(plan.carry?.({ result, artifacts: new Map([['lattice', lattice]]) })).toEqual({ lattice })
    // A lattice that is not spins (or none) is not carried.
    expect(plan.carry?.({ result, artifacts: new Map([['lattice', new Float64Array(4)]]) })).toEqual({})
  })

  it("makes a row of the point's coordinates and observables, and a summary of the sweep", () => {
    const plan = pointSweepPlan(params, 1)
    const t = plan.chains[0][0]
    const made = plan.rows(t, pointResult(t.params))
    expect(made).toEqual([{ step: 0, row: { L: 4, T: 3, e: -1.5, eErr: 0.01 } }])
    expect(plan.summarize([{ task: t, ...made[0] }])).toEqual({ sizes: [4, 8], temperatures: 3, algorithm: 'metropolis', measured: 1 })
  })
})
