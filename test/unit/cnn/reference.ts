// Independent references for the CNN tests: the textbook nested loops straight from the
// definitions, in float64, with no im2col, no ranges precomputed and no shared code.

export interface RefConv {
  n: number; cIn: number; h: number; w: number; cOut: number
  kH: number; kW: number; sH: number; sW: number; padTop: number; padLeft: number; hOut: number; wOut: number
}

/** y[n,o,i,j] = b[o] + Σ_c,u,v W[o,c,u,v]·x[n,c,i·sH−pT+u, j·sW−pL+v] (0 outside). */
export function refConvForward(s: RefConv, x: ArrayLike<number>, W: ArrayLike<number>, bias: ArrayLike<number> | null): Float64Array {
  const y = new Float64Array(s.n * s.cOut * s.hOut * s.wOut)
  for (let n = 0; n < s.n; n++)
    for (let o = 0; o < s.cOut; o++)
      for (let i = 0; i < s.hOut; i++)
        for (let j = 0; j < s.wOut; j++) {
          let acc = bias ? bias[o] : 0
          for (let c = 0; c < s.cIn; c++)
            for (let u = 0; u < s.kH; u++)
              for (let v = 0; v < s.kW; v++) {
                const yy = i * s.sH - s.padTop + u
                const xx = j * s.sW - s.padLeft + v
                if (yy < 0 || yy >= s.h || xx < 0 || xx >= s.w) continue
                acc += W[((o * s.cIn + c) * s.kH + u) * s.kW + v] * x[((n * s.cIn + c) * s.h + yy) * s.w + xx]
              }
          y[((n * s.cOut + o) * s.hOut + i) * s.wOut + j] = acc
        }
  return y
}

/** Backward of refConvForward by the chain rule applied to each term of the sum. */
export function refConvBackward(s: RefConv, x: ArrayLike<number>, W: ArrayLike<number>, dy: ArrayLike<number>): { dx: Float64Array; dW: Float64Array; dB: Float64Array } {
  const dx = new Float64Array(s.n * s.cIn * s.h * s.w)
  const dW = new Float64Array(s.cOut * s.cIn * s.kH * s.kW)
  const dB = new Float64Array(s.cOut)
  for (let n = 0; n < s.n; n++)
    for (let o = 0; o < s.cOut; o++)
      for (let i = 0; i < s.hOut; i++)
        for (let j = 0; j < s.wOut; j++) {
          const g = dy[((n * s.cOut + o) * s.hOut + i) * s.wOut + j]
          dB[o] += g
          for (let c = 0; c < s.cIn; c++)
            for (let u = 0; u < s.kH; u++)
              for (let v = 0; v < s.kW; v++) {
                const yy = i * s.sH - s.padTop + u
                const xx = j * s.sW - s.padLeft + v
                if (yy < 0 || yy >= s.h || xx < 0 || xx >= s.w) continue
                const xi = ((n * s.cIn + c) * s.h + yy) * s.w + xx
                const wi = ((o * s.cIn + c) * s.kH + u) * s.kW + v
                dW[wi] += g * x[xi]
                dx[xi] += g * W[wi]
              }
        }
  return { dx, dW, dB }
}

export interface RefPool {
  n: number; c: number; h: number; w: number
  kH: number; kW: number; sH: number; sW: number; padTop: number; padLeft: number; hOut: number; wOut: number
}

/** Max or mean of each window; padded cells are skipped by max and count as 0 in the mean over kH·kW. */
export function refPoolForward(s: RefPool, x: ArrayLike<number>, mode: 'max' | 'avg'): Float64Array {
  const y = new Float64Array(s.n * s.c * s.hOut * s.wOut)
  for (let q = 0; q < s.n * s.c; q++)
    for (let i = 0; i < s.hOut; i++)
      for (let j = 0; j < s.wOut; j++) {
        const vals: number[] = []
        for (let u = 0; u < s.kH; u++)
          for (let v = 0; v < s.kW; v++) {
            const yy = i * s.sH - s.padTop + u
            const xx = j * s.sW - s.padLeft + v
            if (yy < 0 || yy >= s.h || xx < 0 || xx >= s.w) continue
            vals.push(x[(q * s.h + yy) * s.w + xx])
          }
        y[(q * s.hOut + i) * s.wOut + j] = mode === 'max' ? Math.max(...vals) : vals.reduce((a, b) => a + b, 0) / (s.kH * s.kW)
      }
  return y
}

/** Small-integer random values in [-m, m]: float32 sums of these are exact. */
export function intArray(len: number, m: number, next: () => number): Float32Array {
  const a = new Float32Array(len)
  for (let i = 0; i < len; i++) a[i] = Math.floor(next() * (2 * m + 1)) - m
  return a
}
