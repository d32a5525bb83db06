// The one place where the output size of a sliding-window layer (convolution, pooling) is
// computed. Along each axis a window of size k moves in steps of s over the input padded with
// p zeros on both sides:
//
//     out = (in + 2p − k)/s + 1
//
// When (in + 2p − k) is not a multiple of s the last window would hang over the edge. Many
// libraries then silently drop the leftover rows (the failure reported as CNN Explainer issue
// #59); here such a geometry is rejected, with the formula and its numbers in the message and
// nearby choices that do divide evenly.

export type Padding = 'valid' | 'same' | number
export type LayerKind = 'conv' | 'pool'

/** One axis of a sliding-window layer, resolved. padBefore ≠ padAfter only for 'same' with an even kernel. */
export interface AxisGeometry {
  in: number
  kernel: number
  stride: number
  padBefore: number
  padAfter: number
  out: number
}

export interface GeometrySuggestion {
  change: 'padding' | 'stride' | 'kernel'
  kernel: number
  stride: number
  padding: number
  out: number
  /** e.g. "padding 1: (28 + 2·1 − 5)/2 + 1 = 13" */
  text: string
}

export type GeometryCheck =
  | ({ ok: true } & AxisGeometry)
  | { ok: false; message: string; suggestions: GeometrySuggestion[] }

export class GeometryError extends Error {
  readonly suggestions: GeometrySuggestion[]
  constructor(message: string, suggestions: GeometrySuggestion[]) {
    super(message)
    this.name = 'GeometryError'
    this.suggestions = suggestions
  }
}

const isPosInt = (v: number): boolean => Number.isInteger(v) && v >= 1

/** The formula with its numbers, as shown to the user: "(28 + 2·0 − 5)/2 + 1". */
export function formulaText(inSize: number, kernel: number, stride: number, padBefore: number, padAfter: number): string {
  const pad = padBefore === padAfter ? `2·${padBefore}` : `${padBefore} + ${padAfter}`
  return `(${inSize} + ${pad} − ${kernel})/${stride} + 1`
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v)
  const r = Math.round(v * 1000) / 1000
  return Math.abs(r - v) < 1e-12 ? String(r) : `${r.toFixed(3)}…`
}

/** Largest padding a pooling window may have: beyond k/2 a window could lie wholly in the padding. */
const maxPoolPadding = (kernel: number): number => Math.floor(kernel / 2)

/** Whether (in, k, s, p) with symmetric numeric padding is a valid geometry, and its out. */
function evenOut(kind: LayerKind, inSize: number, kernel: number, stride: number, pad: number): number | null {
  if (!isPosInt(kernel) || !isPosInt(stride) || !Number.isInteger(pad) || pad < 0) return null
  if (kind === 'pool' && pad > maxPoolPadding(kernel)) return null
  const span = inSize + 2 * pad - kernel
  if (span < 0 || span % stride !== 0) return null
  return span / stride + 1
}

/**
 * Values of [lo, hi] nearest to `center` first (center + 1, center − 1, center + 2, …), the
 * center itself excluded, after clamping it into the range. Bounded by the range: a typed
 * kernel of 10⁹ searches the kernels that can fit, not a billion of them.
 */
/** Candidates looked at per changed quantity: nearby values, not every possible one. */
const MAX_TRIED = 512

function* nearest(center: number, lo: number, hi: number): Generator<number> {
  const c = Math.min(Math.max(center, lo - 1), hi + 1)
  for (let d = 1; c - d >= lo || c + d <= hi; d++) {
    if (c + d <= hi && c + d !== center) yield c + d
    if (c - d >= lo && c - d !== center) yield c - d
  }
  if (c !== center && c >= lo && c <= hi) yield c
}

/**
 * Nearby choices that divide evenly, changing one of padding, stride, kernel at a time,
 * nearest first. Always non-empty when some kernel fits the input (stride 1 always divides).
 * The search stays within what can fit the input, so any typed value answers at once.
 */
export function suggestGeometry(kind: LayerKind, inSize: number, kernel: number, stride: number, padding: number): GeometrySuggestion[] {
  const out: GeometrySuggestion[] = []
  if (!isPosInt(inSize)) return out
  const p0 = Number.isInteger(padding) && padding >= 0 ? padding : 0
  const k0 = isPosInt(kernel) ? kernel : 1
  const s0 = isPosInt(stride) ? stride : 1
  // Windows larger than the padded input never fit; strides beyond it move nowhere new.
  const reach = inSize + 2 * p0
  const take = (change: GeometrySuggestion['change'], candidates: Iterable<number>, geometry: (v: number) => [number, number, number]): void => {
    let n = 0
    let tried = 0
    for (const v of candidates) {
      if (n >= 2 || ++tried > MAX_TRIED) return
      const [k, s, p] = geometry(v)
      const o = evenOut(kind, inSize, k, s, p)
      if (o === null) continue
      n++
      out.push({ change, kernel: k, stride: s, padding: p, out: o, text: `${change} ${v}: ${formulaText(inSize, k, s, p, p)} = ${o}` })
    }
  }
  take('padding', nearest(p0, 0, Math.max(4, Math.min(k0, reach))), (p) => [k0, s0, p])
  take('stride', nearest(s0, 1, Math.max(1, reach)), (s) => [k0, s, p0])
  take('kernel', nearest(k0, 1, reach), (k) => [k, s0, p0])
  return out
}

function resolvePadding(kind: LayerKind, kernel: number, stride: number, padding: Padding): { before: number; after: number } | string {
  if (padding === 'valid') return { before: 0, after: 0 }
  if (padding === 'same') {
    // 'same' keeps out = in, which only a stride of 1 can do; an even kernel needs an odd total
    // padding k − 1, the extra zero going after (bottom/right), as in PyTorch and TensorFlow.
    if (stride !== 1) return `'same' padding keeps the ${kind === 'conv' ? 'image' : 'map'} size only at stride 1 (got stride ${stride}); give the padding as a number`
    const total = kernel - 1
    return { before: Math.floor(total / 2), after: total - Math.floor(total / 2) }
  }
  if (typeof padding !== 'number' || !Number.isInteger(padding) || padding < 0) return `padding must be 'valid', 'same' or a whole number ≥ 0 (got ${String(padding)})`
  return { before: padding, after: padding }
}

/**
 * Output size along one axis, or why there is none. Non-throwing: for live checks in the UI.
 * `kind` only changes the wording and the pooling rule that padding ≤ kernel/2.
 */
export function checkGeometry(kind: LayerKind, inSize: number, kernel: number, stride: number, padding: Padding = 'valid'): GeometryCheck {
  const fail = (message: string, suggestions: GeometrySuggestion[] = []): GeometryCheck => ({ ok: false, message, suggestions })
  const what = kind === 'conv' ? 'convolution' : 'pooling'
  if (!isPosInt(inSize)) return fail(`input size must be a whole number ≥ 1 (got ${inSize})`)
  if (!isPosInt(kernel)) return fail(`${what} kernel size must be a whole number ≥ 1 (got ${kernel})`)
  if (!isPosInt(stride)) {
    const numPad = typeof padding === 'number' ? padding : 0
    const why = Number.isInteger(stride) ? `: a stride of ${stride} never moves the window` : ': the window moves by whole pixels'
    return fail(`${what} stride must be a whole number ≥ 1 (got ${stride})${why}`, suggestGeometry(kind, inSize, kernel, 1, numPad))
  }
  const pad = resolvePadding(kind, kernel, stride, padding)
  if (typeof pad === 'string') return fail(`${what}: ${pad}`, padding === 'same' ? suggestGeometry(kind, inSize, kernel, stride, Math.floor((kernel - 1) / 2)) : [])
  if (kind === 'pool' && Math.max(pad.before, pad.after) > maxPoolPadding(kernel)) {
    return fail(`pooling padding ${pad.before} is more than half the window ${kernel}: some windows would hold padding only`, suggestGeometry(kind, inSize, kernel, stride, pad.before))
  }
  const padded = inSize + pad.before + pad.after
  if (kernel > padded) {
    const padText = pad.before === pad.after ? `2·${pad.before}` : `${pad.before} + ${pad.after}`
    return fail(`${what} kernel ${kernel} is larger than the padded input ${inSize} + ${padText} = ${padded}`, suggestGeometry(kind, inSize, kernel, stride, pad.before))
  }
  const span = padded - kernel
  const f = formulaText(inSize, kernel, stride, pad.before, pad.after)
  if (span % stride !== 0) {
    return fail(
      `${what}: ${f} = ${formatValue(span / stride + 1)} is not an integer — the last window would hang over the edge by ${stride - (span % stride)} of ${stride}`,
      suggestGeometry(kind, inSize, kernel, stride, pad.before)
    )
  }
  return { ok: true, in: inSize, kernel, stride, padBefore: pad.before, padAfter: pad.after, out: span / stride + 1 }
}

/** As checkGeometry, but throws GeometryError (message + suggestions) when there is no valid output. */
export function outputGeometry(kind: LayerKind, inSize: number, kernel: number, stride: number, padding: Padding = 'valid'): AxisGeometry {
  const g = checkGeometry(kind, inSize, kernel, stride, padding)
  if (!g.ok) throw new GeometryError(g.message, g.suggestions)
  const { ok: _ok, ...axis } = g
  return axis
}

/** A window layer over H×W maps: kernel, stride and padding per axis (a single value means both). */
export interface WindowSpec {
  kernel: number | readonly [number, number]
  stride?: number | readonly [number, number]
  padding?: Padding | readonly [Padding, Padding]
}

export interface Geometry2d {
  h: AxisGeometry
  w: AxisGeometry
}

const pair = <T>(v: T | readonly [T, T]): readonly [T, T] => (Array.isArray(v) ? (v as readonly [T, T]) : [v as T, v as T])

/**
 * The 2D geometry of a conv or pool layer on an inH×inW map. Pooling's stride defaults to its
 * window (non-overlapping), a convolution's to 1. Throws GeometryError naming the axis.
 */
export function geometry2d(kind: LayerKind, inH: number, inW: number, spec: WindowSpec): Geometry2d {
  const [kh, kw] = pair(spec.kernel)
  const [sh, sw] = spec.stride === undefined ? (kind === 'pool' ? [kh, kw] : [1, 1]) : pair(spec.stride)
  const [ph, pw] = pair<Padding>(spec.padding ?? 'valid')
  const axes = [
    ['height', checkGeometry(kind, inH, kh, sh, ph)],
    ['width', checkGeometry(kind, inW, kw, sw, pw)]
  ] as const
  for (const [name, g] of axes) if (!g.ok) throw new GeometryError(`${name}: ${g.message}`, g.suggestions)
  const strip = (g: GeometryCheck): AxisGeometry => {
    if (!g.ok) throw new Error('unreachable')
    return { in: g.in, kernel: g.kernel, stride: g.stride, padBefore: g.padBefore, padAfter: g.padAfter, out: g.out }
  }
  return { h: strip(axes[0][1]), w: strip(axes[1][1]) }
}

/** Non-throwing 2D check for the UI: the first failing axis, or the output size. */
export function checkGeometry2d(
  kind: LayerKind,
  inH: number,
  inW: number,
  spec: WindowSpec
): { ok: true; geometry: Geometry2d; outH: number; outW: number } | { ok: false; message: string; suggestions: GeometrySuggestion[] } {
  try {
    const g = geometry2d(kind, inH, inW, spec)
    return { ok: true, geometry: g, outH: g.h.out, outW: g.w.out }
  } catch (e) {
    if (e instanceof GeometryError) return { ok: false, message: e.message, suggestions: e.suggestions }
    throw e
  }
}
