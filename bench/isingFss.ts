// The closing figures of issue 15, on demand (not part of `npm run bench`: minutes of work):
// a sweep L ∈ {8, 16, 32, 64} over 1.5–3.5 run through the real lab service (worker pool,
// store), its stored samples reweighted (src/engine/ising/sweepAnalysis.ts) and the collapse
// fitted (finiteSize.ts). Reports Tc from the reweighted Binder crossing, from ξ/L and from the
// χ peaks, and γ/ν and β/ν, each with its jackknife or fit error, next to Onsager's values.
//   npx tsx bench/isingFss.ts [--sweeps N] [--algorithm wolff|metropolis|heatbath] [--json]
//   npx tsx bench/isingFss.ts --data DIR    analyses again the newest ising.sweep stored in DIR
// Temperatures: every 0.1 over 1.5–3.5 and every 0.01 over 2.15–2.40, where the histograms of
// L = 64 are narrow (σ_E/N ≈ 0.05) and need close neighbours to overlap.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLab } from '../src/main/app/createLab'
import type { LabEvent } from '../src/shared/types'
import { analyzeSweep } from '../src/engine/ising/sweepAnalysis'
import { EXACT_EXPONENTS, exactCollapse, fitCollapse, peakScaling, valueScaling } from '../src/engine/ising/finiteSize'
import { criticalTemperature } from '../src/engine/ising/exact'
import type { StoredSamples } from '../src/engine/ising/reweighting'

const arg = (name: string, d: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : d
}
const sweeps = Number(arg('sweeps', '20000'))
const algorithm = arg('algorithm', 'wolff')
const json = process.argv.includes('--json')
const sizes = [8, 16, 32, 64]
const round = (x: number) => Math.round(x * 1e4) / 1e4
const temperatures = [...new Set([...Array.from({ length: 21 }, (_, i) => round(1.5 + 0.1 * i)), ...Array.from({ length: 26 }, (_, i) => round(2.15 + 0.01 * i))])].sort((a, b) => a - b)

async function main(): Promise<void> {
  const reuse = arg('data', '')
  const dir = reuse || mkdtempSync(join(tmpdir(), 'physml-fss-'))
  const workers = Math.max(1, availableParallelism())
  const lab = await createLab({ dataDir: dir, transport: 'cli', workers })
  try {
    const t0 = performance.now()
    const runId = reuse ? await newestSweep(lab) : await simulate(lab)
    const simSeconds = reuse ? Number.NaN : (performance.now() - t0) / 1000
    const points: StoredSamples[] = []
    for (const L of sizes)
      for (const T of temperatures) {
        const key = `L=${L}/T=${T.toFixed(4)}`
        const [s, f] = await Promise.all([lab.invoke('runs.artifact', { runId, name: `${key}/samples` }), lab.invoke('runs.artifact', { runId, name: `${key}/fourier` })])
        points.push({ L, T, J: 1, B: 0, samples: s.data as Int32Array, fourier: f.data as Float32Array })
      }
    const series = await lab.invoke('runs.series', { runId })
    const flagged = series.values.U4Converged.filter((v) => v === 0).length
    const t1 = performance.now()
    const a = analyzeSweep(points, { gridPoints: 801 })
    // Without the smallest size: what corrections to scaling do to the exponents.
    const large = a.curves.filter((c) => c.L >= 16)
    const chiLarge = peakScaling(large, 'chi')
    const mLarge = valueScaling(large, 'absM', criticalTemperature(1))
    const chiCollapse = fitCollapse(a.curves, 'chi', exactCollapse('chi'))
    const mCollapse = fitCollapse(a.curves, 'absM', exactCollapse('absM'))
    const analysisSeconds = (performance.now() - t1) / 1000
    const tc = criticalTemperature(1)
    const pm = (v: number, e: number) => `${v.toFixed(4)} ± ${e.toFixed(4)}`
    const out = {
      sweep: { sizes, temperatures: temperatures.length, algorithm, measurementSweeps: sweeps, simSeconds, analysisSeconds, workers, flaggedU4Points: flagged },
      exact: { Tc: tc, gammaOverNu: EXACT_EXPONENTS.gammaOverNu, betaOverNu: EXACT_EXPONENTS.betaOverNu, nu: 1 },
      TcBinder: { value: a.binder!.Tc, error: a.binder!.error, pairs: a.binder!.pairs },
      TcXiOverL: { value: a.xiOverL!.Tc, error: a.xiOverL!.error, pairs: a.xiOverL!.pairs },
      TcChiPeaks: { ...a.chi!.Tc, chi2: a.chi!.Tc.fit?.chi2, dof: a.chi!.Tc.fit?.dof },
      gammaOverNu: { value: a.chi!.exponent.value, error: a.chi!.exponent.error, chi2: a.chi!.exponent.fit?.chi2, dof: a.chi!.exponent.fit?.dof },
      betaOverNu: { value: -a.magnetizationAtTc!.slope.value, error: a.magnetizationAtTc!.slope.error, chi2: a.magnetizationAtTc!.slope.fit?.chi2 },
      gammaOverNuL16: { value: chiLarge.exponent.value, error: chiLarge.exponent.error },
      betaOverNuL16: { value: -mLarge.slope.value, error: mLarge.slope.error },
      TcChiPeaksL16: { value: chiLarge.Tc.value, error: chiLarge.Tc.error },
      chiPeaks: a.chi!.peaks,
      collapseChi: chiCollapse,
      collapseAbsM: mCollapse
    }
    if (json) console.log(JSON.stringify(out))
    else {
      console.log(`\nsweep: L = ${sizes.join(', ')}; ${temperatures.length} temperatures; ${algorithm}, ${sweeps} sweeps; ${simSeconds.toFixed(0)} s on ${workers} workers, analysis ${analysisSeconds.toFixed(1)} s; ${flagged} points with U₄ flagged`)
      console.log(`Tc (exact ${tc.toFixed(5)})`)
      console.log(`  Binder crossing (reweighted): ${pm(out.TcBinder.value, out.TcBinder.error)}   pairs: ${a.binder!.pairs.map((p) => `${p.L1}×${p.L2} ${pm(p.T, p.error)}`).join(', ')}`)
      console.log(`  ξ/L crossing:                 ${pm(out.TcXiOverL.value, out.TcXiOverL.error)}   pairs: ${a.xiOverL!.pairs.map((p) => `${p.L1}×${p.L2} ${pm(p.T, p.error)}`).join(', ')}`)
      console.log(`  χ peaks, Tc + a/L:            ${pm(out.TcChiPeaks.value, out.TcChiPeaks.error)}   (χ²/dof ${((out.TcChiPeaks.chi2 ?? NaN) / (out.TcChiPeaks.dof ?? 1)).toFixed(2)})`)
      console.log(`γ/ν (exact 1.75): ${pm(out.gammaOverNu.value, out.gammaOverNu.error)}   (χ²/dof ${((out.gammaOverNu.chi2 ?? NaN) / (out.gammaOverNu.dof ?? 1)).toFixed(2)})`)
      console.log(`β/ν (exact 0.125): ${pm(out.betaOverNu.value, out.betaOverNu.error)}`)
      console.log(`without L = 8: γ/ν ${pm(out.gammaOverNuL16.value, out.gammaOverNuL16.error)}, β/ν ${pm(out.betaOverNuL16.value, out.betaOverNuL16.error)}, Tc(χ peaks) ${pm(out.TcChiPeaksL16.value, out.TcChiPeaksL16.error)}`)
      console.log(`χ peaks: ${a.chi!.peaks.map((p) => `L=${p.L}: T ${pm(p.T.value, p.T.error)}, χ ${p.height.value.toFixed(3)} ± ${p.height.error.toFixed(3)}`).join('; ')}`)
      for (const [name, f] of [['χ', chiCollapse], ['|m|', mCollapse]] as const)
        console.log(`collapse of ${name}: Tc ${pm(f.params.Tc, f.errors.Tc)}, 1/ν ${pm(f.params.nuInverse, f.errors.nuInverse)}, κ ${pm(f.params.kappa, f.errors.kappa)}, residual ${f.residual.toFixed(2)}`)
    }
  } finally {
    await lab.close()
    if (!reuse) rmSync(dir, { recursive: true, force: true })
  }
}

type Lab = Awaited<ReturnType<typeof createLab>>

/** The sweep itself, through the service; its run id. */
async function simulate(lab: Lab): Promise<number> {
  const params = { sizes, temperatures, algorithm, equilibrationSweeps: 2000, measurementSweeps: sweeps, keepSamples: sweeps }
  const { runId } = await lab.invoke('jobs.start', { kind: 'ising.sweep', params, seed: 15, confirm: true })
  const end = await new Promise<LabEvent & { type: 'job.status' }>((resolve) => {
    const off = lab.subscribe((e) => {
      if (e.type === 'job.status' && e.runId === runId && ['done', 'failed', 'cancelled'].includes(e.status)) {
        off()
        resolve(e)
      }
      if (e.type === 'job.progress' && e.runId === runId && !json) process.stderr.write(`\r${(100 * e.fraction).toFixed(1)} %   `)
    })
  })
  if (end.status !== 'done') throw new Error(`the sweep ended ${end.status}`)
  return runId
}

async function newestSweep(lab: Lab): Promise<number> {
  const runs = (await lab.invoke('runs.list', { includeScratch: true })).filter((r) => r.kind === 'ising.sweep' && r.status === 'done')
  if (runs.length === 0) throw new Error('no finished ising.sweep in that data folder')
  return Math.max(...runs.map((r) => r.id))
}

void main().catch((e) => {
  console.error(e)
  process.exit(1)
})
