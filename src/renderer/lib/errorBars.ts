// Vertical error bars for chart.js line charts, as a small plugin: a point that carries `e`
// (its one-sigma error) gets a bar from y − e to y + e with short caps, in its dataset's
// colour, and the y axis grows to hold the bars unless its bounds are fixed. Points without
// `e` (every chart that does not ask for bars) are left alone.

import type { Chart, Plugin, Scale } from 'chart.js'

/** A chart point; `e` is the error of y, `b` the half-width of a shaded band, `i` the index in the caller's arrays (for tooltips). */
export interface ErrPoint {
  x: number
  y: number
  i: number
  e?: number
  b?: number
}

const CAP = 3

function pointsOf(chart: Chart, d: number): ErrPoint[] {
  return (chart.data.datasets[d]?.data ?? []) as unknown as ErrPoint[]
}

/** Draw inside the plot area only, with the context saved and restored around it. */
function clipped(chart: Chart, draw: (ctx: CanvasRenderingContext2D, xs: Scale, ys: Scale, area: Chart['chartArea']) => void): void {
  const { ctx, chartArea, scales } = chart
  const xs = scales.x
  const ys = scales.y
  if (!xs || !ys) return
  ctx.save()
  ctx.beginPath()
  ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top)
  ctx.clip()
  try {
    draw(ctx, xs, ys, chartArea)
  } finally {
    ctx.restore()
  }
}

export const errorBarsPlugin: Plugin = {
  id: 'physmlErrorBars',

  afterDataLimits(chart, args: { scale: Scale }) {
    const scale = args.scale
    if (scale.axis !== 'y') return
    const { minDefined, maxDefined } = scale.getUserBounds()
    if (minDefined && maxDefined) return
    const log = scale.type === 'logarithmic'
    let lo = scale.min
    let hi = scale.max
    let any = false
    chart.data.datasets.forEach((_ds, d) => {
      if (!chart.isDatasetVisible(d)) return
      for (const p of pointsOf(chart, d)) {
        if (p.e === undefined || !(p.e > 0) || !Number.isFinite(p.e)) continue
        any = true
        const down = p.y - p.e
        if (!log || down > 0) lo = Math.min(lo, down)
        hi = Math.max(hi, p.y + p.e)
      }
    })
    if (!any) return
    if (!minDefined) scale.min = lo
    if (!maxDefined) scale.max = hi
  },

  afterDatasetsDraw(chart, _args, opts: { halo?: string }) {
    clipped(chart, (ctx, xs, ys, chartArea) => {
    ctx.setLineDash([])
    chart.data.datasets.forEach((ds, d) => {
      if (!chart.isDatasetVisible(d)) return
      const pts = pointsOf(chart, d)
      if (!pts.some((p) => p.e !== undefined)) return
      // Caps reach past the marker, and every bar is drawn twice — a halo in the page's colour,
      // then the series' colour — so a bar shorter than its marker still shows on top of it.
      const r = (ds as { pointRadius?: unknown }).pointRadius
      const radius = typeof r === 'number' ? r : 0
      const cap = Math.max(CAP, radius + 2)
      ctx.beginPath()
      for (const p of pts) {
        if (p.e === undefined || !(p.e > 0) || !Number.isFinite(p.e)) continue
        const px = xs.getPixelForValue(p.x)
        const down = p.y - p.e
        // On a log axis a bar that reaches zero or below runs to the bottom edge.
        const y0 = ys.type === 'logarithmic' && down <= 0 ? chartArea.bottom : ys.getPixelForValue(down)
        const y1 = ys.getPixelForValue(p.y + p.e)
        ctx.moveTo(px, y0)
        ctx.lineTo(px, y1)
        ctx.moveTo(px - cap, y0)
        ctx.lineTo(px + cap, y0)
        ctx.moveTo(px - cap, y1)
        ctx.lineTo(px + cap, y1)
      }
      if (opts?.halo) {
        ctx.strokeStyle = opts.halo
        ctx.lineWidth = 3
        ctx.stroke()
      }
      ctx.strokeStyle = typeof ds.borderColor === 'string' ? ds.borderColor : '#374151'
      ctx.lineWidth = 1.2
      ctx.stroke()
    })
    })
  }
}

/** Shaded bands y ± b under the lines of datasets whose points carry `b` (a jackknife band of a
 *  reweighted curve), broken where the line is (a NaN point). Drawn before the datasets. */
export const errorBandsPlugin: Plugin = {
  id: 'physmlErrorBands',

  beforeDatasetsDraw(chart) {
    clipped(chart, (ctx, xs, ys, area) => {
    chart.data.datasets.forEach((ds, d) => {
      if (!chart.isDatasetVisible(d)) return
      const pts = pointsOf(chart, d)
      if (!pts.some((p) => p.b !== undefined)) return
      ctx.fillStyle = typeof ds.borderColor === 'string' ? ds.borderColor : '#374151'
      ctx.globalAlpha = 0.16
      let run: ErrPoint[] = []
      const fill = (): void => {
        if (run.length >= 2) {
          ctx.beginPath()
          run.forEach((p, k) => (k === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, xs.getPixelForValue(p.x), ys.getPixelForValue(p.y + (p.b ?? 0))))
          // On a log axis a band reaching zero or below runs to the bottom edge.
          const low = (p: ErrPoint): number => {
            const v = p.y - (p.b ?? 0)
            return ys.type === 'logarithmic' && v <= 0 ? area.bottom : ys.getPixelForValue(v)
          }
          for (let k = run.length - 1; k >= 0; k--) ctx.lineTo(xs.getPixelForValue(run[k].x), low(run[k]))
          ctx.closePath()
          ctx.fill()
        }
        run = []
      }
      for (const p of pts) {
        if (!Number.isFinite(p.y) || p.b === undefined) fill()
        else run.push(p)
      }
      fill()
    })
    })
  }
}
