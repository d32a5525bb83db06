import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { checkGeometry } from '../../../src/engine/cnn/geometry'
import {
  avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward, poolInputSize, poolOutputSize, poolShape, type PoolShape
} from '../../../src/engine/cnn/pool'
import { intArray, refPoolForward } from './reference'

function randomPools(count: number, seed: number): PoolShape[] {
  const r = createRng(seed)
  const out: PoolShape[] = []
  while (out.length < count) {
    const h = 1 + r.int(10), w = 1 + r.int(10)
    const k = 1 + r.int(4), s = 1 + r.int(4), p = r.int(2)
    if (!checkGeometry('pool', h, k, s, p).ok || !checkGeometry('pool', w, k, s, p).ok) continue
    out.push(poolShape(1 + r.int(3), 1 + r.int(3), h, w, { size: k, stride: s, padding: p }))
  }
  return out
}

describe('pooling forward = direct loops', () => {
  // plus the unrolled 2×2 / stride-2 path on several sizes
  const shapes = [...randomPools(80, 21), ...[[2, 2], [4, 6], [8, 2], [10, 10]].map(([h, w]) => poolShape(2, 3, h, w, { size: 2 }))]
  it('covers overlapping windows, gaps and padding', () => {
    expect(shapes.some((s) => s.sH < s.kH)).toBe(true)
    expect(shapes.some((s) => s.sH > s.kH)).toBe(true)
    expect(shapes.some((s) => s.padTop > 0)).toBe(true)
  })
  it('max pooling is exact and argmax points at the winner', () => {
    const r = createRng(22)
    for (const s of shapes) {
      const x = intArray(poolInputSize(s), 9, r.uniform)
      const y = new Float32Array(poolOutputSize(s)), am = new Int32Array(poolOutputSize(s))
      maxPoolForward(s, x, y, am)
      const ref = refPoolForward(s, x, 'max')
      expect(Array.from(y)).toEqual(Array.from(ref))
      for (let k = 0; k < y.length; k++) expect(x[am[k]]).toBe(y[k])
    }
  })
  it('average pooling is exact for multiples of the window area', () => {
    const r = createRng(23)
    for (const s of shapes) {
      const x = intArray(poolInputSize(s), 5, r.uniform).map((v) => v * s.kH * s.kW)
      const y = new Float32Array(poolOutputSize(s))
      avgPoolForward(s, x, y)
      expect(Array.from(y)).toEqual(Array.from(refPoolForward(s, x, 'avg')))
    }
  })
  it('2×2 max and average pooling of a 4×4 map, by hand', () => {
    const s = poolShape(1, 1, 4, 4, { size: 2 })
    const x = Float32Array.from([1, 3, 2, 0, 4, 2, 1, 1, 0, 0, 5, 6, 0, 8, 7, 4])
    const y = new Float32Array(4), am = new Int32Array(4)
    maxPoolForward(s, x, y, am)
    expect(Array.from(y)).toEqual([4, 2, 8, 7])
    expect(Array.from(am)).toEqual([4, 2, 13, 14])
    avgPoolForward(s, x, y)
    expect(Array.from(y)).toEqual([2.5, 1, 2, 5.5])
  })
})

describe('pooling gradients by finite differences (float64 loss)', () => {
  const shapes = [poolShape(2, 2, 6, 6, { size: 2 }), poolShape(1, 3, 7, 5, { size: 3, stride: 2, padding: 1 }), poolShape(2, 1, 5, 5, { size: [2, 3], stride: 1 })]
  const r = createRng(24)
  for (const mode of ['max', 'avg'] as const) {
    it(`${mode} pooling, overlapping and padded windows`, () => {
      for (const s of shapes) {
        // Distinct values 0.1 apart: a ±1e-3 step never changes which cell wins a max window.
        const perm = Array.from({ length: poolInputSize(s) }, (_, i) => i)
        for (let i = perm.length - 1; i > 0; i--) { const j = r.int(i + 1); [perm[i], perm[j]] = [perm[j], perm[i]] }
        const x = Float32Array.from(perm, (v) => 0.1 * v - 1)
        const R = Float32Array.from({ length: poolOutputSize(s) }, () => r.normal())
        const y = new Float32Array(poolOutputSize(s)), am = new Int32Array(poolOutputSize(s)), dx = new Float32Array(poolInputSize(s))
        const loss = (): number => {
          if (mode === 'max') maxPoolForward(s, x, y, am)
          else avgPoolForward(s, x, y)
          let L = 0
          for (let k = 0; k < y.length; k++) L += y[k] * R[k]
          return L
        }
        loss()
        if (mode === 'max') maxPoolBackward(s, R, am, dx)
        else avgPoolBackward(s, R, dx)
        const eps = 1e-3
        for (let i = 0; i < x.length; i++) {
          const old = x[i]
          x[i] = old + eps
          const up = loss()
          x[i] = old - eps
          const down = loss()
          x[i] = old
          expect(Math.abs((up - down) / (2 * eps) - dx[i])).toBeLessThan(1e-3 * (1 + Math.abs(dx[i])))
        }
      }
    })
  }
})
