import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { checkGeometry } from '../../../src/engine/cnn/geometry'
import {
  conv2dBackward, conv2dForward, convChunk, convInputSize, convOutputSize, convShape, convWeightSize, convWorkspace, type ConvShape
} from '../../../src/engine/cnn/conv2d'
import { intArray, refConvBackward, refConvForward } from './reference'

type Pad = number | 'same' | 'valid'

/** Random conv layers with a valid geometry: rectangular kernels, strides 1–3, paddings 0–2 and 'same'. */
function randomShapes(count: number, seed: number): ConvShape[] {
  const r = createRng(seed)
  const out: ConvShape[] = []
  while (out.length < count) {
    const h = 1 + r.int(9), w = 1 + r.int(9)
    const kH = 1 + r.int(4), kW = 1 + r.int(4)
    const sH = 1 + r.int(3), sW = 1 + r.int(3)
    const pads: Pad[] = [0, 1, 2, 'same', 'valid']
    const pH = pads[r.int(5)], pW = pads[r.int(5)]
    if (!checkGeometry('conv', h, kH, sH, pH).ok || !checkGeometry('conv', w, kW, sW, pW).ok) continue
    out.push(convShape(1 + r.int(3), 1 + r.int(3), h, w, 1 + r.int(3), { kernel: [kH, kW], stride: [sH, sW], padding: [pH, pW] }))
  }
  return out
}

const exactlyEqual = (a: Float32Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => v === b[i])

describe('conv2d forward/backward = direct nested loops', () => {
  const shapes = randomShapes(80, 11)
  it('covers strides > 1, padding and even kernels', () => {
    expect(shapes.some((s) => s.sH > 1 && s.sW > 1)).toBe(true)
    expect(shapes.some((s) => s.padTop > 0)).toBe(true)
    expect(shapes.some((s) => s.kH % 2 === 0 && s.padTop > 0)).toBe(true)
  })
  it('forward is exact for small-integer inputs (80 random layers)', () => {
    const r = createRng(2)
    for (const s of shapes) {
      const x = intArray(convInputSize(s), 3, r.uniform), W = intArray(convWeightSize(s), 2, r.uniform), b = intArray(s.cOut, 5, r.uniform)
      const y = new Float32Array(convOutputSize(s)).fill(NaN)
      conv2dForward(s, x, W, b, y)
      expect(exactlyEqual(y, refConvForward(s, x, W, b)), JSON.stringify(s)).toBe(true)
    }
  })
  it('backward (dx, dW, dB) is exact for small-integer inputs, with and without the kept cols', () => {
    const r = createRng(3)
    for (const s of shapes) {
      const x = intArray(convInputSize(s), 3, r.uniform), W = intArray(convWeightSize(s), 2, r.uniform), dy = intArray(convOutputSize(s), 3, r.uniform)
      const ref = refConvBackward(s, x, W, dy)
      for (const keep of [false, true]) {
        const ws = convWorkspace(s, true)
        conv2dForward(s, x, W, null, new Float32Array(convOutputSize(s)), ws, keep)
        const dx = new Float32Array(convInputSize(s)).fill(NaN), dW = new Float32Array(convWeightSize(s)).fill(NaN), dB = new Float32Array(s.cOut).fill(NaN)
        conv2dBackward(s, x, W, dy, dx, dW, dB, false, ws)
        expect(exactlyEqual(dx, ref.dx) && exactlyEqual(dW, ref.dW) && exactlyEqual(dB, ref.dB), JSON.stringify(s)).toBe(true)
      }
    }
  })
  it('accumulate adds to dW and dB; dx = null leaves dW right', () => {
    const s = convShape(2, 2, 6, 5, 3, { kernel: 3, stride: 1, padding: 1 })
    const r = createRng(4)
    const x = intArray(convInputSize(s), 3, r.uniform), W = intArray(convWeightSize(s), 2, r.uniform), dy = intArray(convOutputSize(s), 3, r.uniform)
    const ref = refConvBackward(s, x, W, dy)
    const dW = new Float32Array(convWeightSize(s)).fill(1), dB = new Float32Array(s.cOut).fill(1)
    conv2dBackward(s, x, W, dy, null, dW, dB, true)
    expect(Array.from(dW)).toEqual(Array.from(ref.dW, (v) => v + 1))
    expect(Array.from(dB)).toEqual(Array.from(ref.dB, (v) => v + 1))
  })
  it('batches split into several chunks (incl. a short last one) give the same numbers', () => {
    const r = createRng(5)
    for (const [n, cIn, hw] of [[3, 8, 24], [5, 2, 24]] as const) {
      const s = convShape(n, cIn, hw, hw, 2, { kernel: 5, padding: 2 })
      const chunk = convChunk(s)
      expect(chunk).toBeLessThan(n)
      const x = intArray(convInputSize(s), 2, r.uniform), W = intArray(convWeightSize(s), 1, r.uniform), dy = intArray(convOutputSize(s), 2, r.uniform)
      const ws = convWorkspace(s, true)
      const y = new Float32Array(convOutputSize(s))
      conv2dForward(s, x, W, null, y, ws, true)
      expect(exactlyEqual(y, refConvForward(s, x, W, null))).toBe(true)
      const dx = new Float32Array(convInputSize(s)), dW = new Float32Array(convWeightSize(s)), dB = new Float32Array(2)
      conv2dBackward(s, x, W, dy, dx, dW, dB, false, ws)
      const ref = refConvBackward(s, x, W, dy)
      expect(exactlyEqual(dx, ref.dx) && exactlyEqual(dW, ref.dW) && exactlyEqual(dB, ref.dB)).toBe(true)
    }
  })
  it('a single 1×1 filter is a per-pixel scale; a filter of the image size is a dot product', () => {
    const s1 = convShape(1, 1, 3, 3, 1, { kernel: 1 })
    const y1 = new Float32Array(9)
    conv2dForward(s1, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), Float32Array.of(2), Float32Array.of(1), y1)
    expect(Array.from(y1)).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19])
    const s2 = convShape(1, 1, 2, 2, 1, { kernel: 2 })
    const y2 = new Float32Array(1)
    conv2dForward(s2, Float32Array.of(1, 2, 3, 4), Float32Array.of(1, -1, 2, 0), null, y2)
    expect(y2[0]).toBe(1 - 2 + 6)
  })
})

describe('conv2d gradients by finite differences (float64 loss)', () => {
  // L = Σ y·R with a fixed random R, so dL/dy = R; central differences of L in float64.
  const s = convShape(2, 3, 7, 6, 4, { kernel: [3, 2], stride: [2, 1], padding: [1, 0] })
  const r = createRng(6)
  const rand = (len: number): Float32Array => Float32Array.from({ length: len }, () => r.normal())
  const x = rand(convInputSize(s)), W = rand(convWeightSize(s)), b = rand(s.cOut), R = rand(convOutputSize(s))
  const loss = (): number => {
    const y = new Float32Array(convOutputSize(s))
    conv2dForward(s, x, W, b, y)
    let L = 0
    for (let i = 0; i < y.length; i++) L += y[i] * R[i]
    return L
  }
  const dx = new Float32Array(convInputSize(s)), dW = new Float32Array(convWeightSize(s)), dB = new Float32Array(s.cOut)
  conv2dBackward(s, x, W, R, dx, dW, dB)
  const numeric = (arr: Float32Array, i: number): number => {
    const eps = 1e-2
    const old = arr[i]
    arr[i] = old + eps
    const up = loss()
    arr[i] = old - eps
    const down = loss()
    arr[i] = old
    return (up - down) / (2 * eps)
  }
  const check = (arr: Float32Array, grad: Float32Array): void => {
    for (let i = 0; i < arr.length; i++) expect(Math.abs(numeric(arr, i) - grad[i])).toBeLessThan(2e-3 * (1 + Math.abs(grad[i])))
  }
  it('dL/dx', () => check(x, dx))
  it('dL/dW', () => check(W, dW))
  it('dL/dbias', () => check(b, dB))
})
