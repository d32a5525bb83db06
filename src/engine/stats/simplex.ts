// Nelder–Mead downhill simplex (Nelder & Mead 1965): minimizes a function of a few parameters
// without derivatives, which is what a data-collapse residual is (it is piecewise smooth:
// points enter and leave the overlap of the curves as the parameters move).

export interface SimplexResult {
  x: Float64Array
  value: number
  evaluations: number
}

/** Minimize f from x0 with initial steps `step` per parameter. */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, step: ArrayLike<number>, opts: { maxEvaluations?: number; tol?: number } = {}): SimplexResult {
  const n = x0.length
  const maxEval = opts.maxEvaluations ?? 400 * n
  const tol = opts.tol ?? 1e-10
  let evals = 0
  const F = (x: Float64Array): number => {
    evals++
    const v = f(x)
    return Number.isFinite(v) ? v : Infinity
  }
  const pts: Float64Array[] = [Float64Array.from(x0)]
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0)
    p[i] += step[i]
    pts.push(p)
  }
  const val = pts.map(F)
  const combine = (a: Float64Array, b: Float64Array, t: number) => a.map((ai, i) => ai + t * (b[i] - ai))
  while (evals < maxEval) {
    const order = val.map((_, i) => i).sort((a, b) => val[a] - val[b])
    const sorted = order.map((i) => pts[i])
    const sv = order.map((i) => val[i])
    pts.splice(0, pts.length, ...sorted)
    val.splice(0, val.length, ...sv)
    if (Math.abs(val[n] - val[0]) <= tol * (Math.abs(val[0]) + tol)) break
    const centroid = new Float64Array(n)
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += pts[k][i] / n
    const worst = pts[n]
    const reflected = combine(centroid, worst, -1)
    const fr = F(reflected)
    if (fr < val[0]) {
      const expanded = combine(centroid, worst, -2)
      const fe = F(expanded)
      if (fe < fr) {
        pts[n] = expanded
        val[n] = fe
      } else {
        pts[n] = reflected
        val[n] = fr
      }
    } else if (fr < val[n - 1]) {
      pts[n] = reflected
      val[n] = fr
    } else {
      const contracted = fr < val[n] ? combine(centroid, reflected, 0.5) : combine(centroid, worst, 0.5)
      const fc = F(contracted)
      if (fc < Math.min(fr, val[n])) {
        pts[n] = contracted
        val[n] = fc
      } else {
        for (let k = 1; k <= n; k++) {
          pts[k] = combine(pts[0], pts[k], 0.5)
          val[k] = F(pts[k])
        }
      }
    }
  }
  let best = 0
  for (let k = 1; k < pts.length; k++) if (val[k] < val[best]) best = k
  return { x: pts[best], value: val[best], evaluations: evals }
}
