import { describe, expect, it } from 'vitest'
import { checkGeometry, checkGeometry2d, geometry2d, GeometryError, outputGeometry } from '../../../src/engine/cnn/geometry'

// Independent truth: out = (in + 2p − k)/s + 1 must be a whole number ≥ 1.
const expected = (n: number, k: number, s: number, p: number): number | null => {
  if (s < 1 || k > n + 2 * p) return null
  const q = (n + 2 * p - k) / s
  return Number.isInteger(q) ? q + 1 : null
}

describe('geometry: out = (in + 2p − k)/s + 1', () => {
  it("the brief's example message, word for word", () => {
    const g = checkGeometry('conv', 28, 5, 2, 0)
    expect(g.ok).toBe(false)
    if (!g.ok) expect(g.message).toContain('(28 + 2·0 − 5)/2 + 1 = 12.5 is not an integer')
    expect(() => outputGeometry('conv', 28, 5, 2, 0)).toThrow(GeometryError)
  })
  it('every combination in ≤ 30, k ≤ 7, s ≤ 4, p ≤ 3: accepted iff it divides; rejections show the formula', () => {
    let rejectedFraction = 0
    let total = 0
    for (let n = 1; n <= 30; n++)
      for (let k = 1; k <= 7; k++)
        for (let s = 0; s <= 4; s++)
          for (let p = 0; p <= 3; p++) {
            total++
            const want = expected(n, k, s, p)
            const g = checkGeometry('conv', n, k, s, p)
            if (want !== null) {
              expect(g.ok && g.out).toBe(want)
              expect(outputGeometry('conv', n, k, s, p).out).toBe(want)
              continue
            }
            rejectedFraction++
            expect(g.ok).toBe(false)
            if (g.ok) continue
            expect(() => outputGeometry('conv', n, k, s, p)).toThrow(g.message)
            if (s === 0) expect(g.message).toMatch(/stride must be a whole number ≥ 1 \(got 0\)/)
            else if (k > n + 2 * p) expect(g.message).toContain(`kernel ${k} is larger than the padded input ${n} + 2·${p} = ${n + 2 * p}`)
            else {
              expect(g.message).toContain(`(${n} + 2·${p} − ${k})/${s} + 1 = `)
              expect(g.message).toContain('is not an integer')
              const shown = g.message.match(/\+ 1 = ([0-9.]+)…? is not/)
              expect(shown).not.toBeNull()
              expect(Math.abs(Number(shown![1]) - ((n + 2 * p - k) / s + 1))).toBeLessThan(1e-3)
              expect(g.suggestions.length).toBeGreaterThan(0)
            }
            // Every suggestion is itself a valid geometry, with the out it claims, one change away.
            for (const sg of g.suggestions) {
              expect(expected(n, sg.kernel, sg.stride, sg.padding)).toBe(sg.out)
              const changed = [sg.kernel !== k, sg.stride !== (s < 1 ? 1 : s), sg.padding !== p].filter(Boolean).length
              expect(changed).toBeLessThanOrEqual(1)
              expect(sg.text).toContain(`= ${sg.out}`)
            }
          }
    expect(rejectedFraction).toBeGreaterThan(total / 4)
  })
  it('bad inputs are refused with a clear message', () => {
    const msg = (g: ReturnType<typeof checkGeometry>): string => (g.ok ? '' : g.message)
    expect(msg(checkGeometry('conv', 5, 7, 1, 0))).toContain('kernel 7 is larger than the padded input 5 + 2·0 = 5')
    expect(msg(checkGeometry('conv', 5, 3, -1, 0))).toContain('stride must be a whole number ≥ 1 (got -1)')
    expect(msg(checkGeometry('conv', 5, 3, 1.5, 0))).toContain('stride must be a whole number ≥ 1 (got 1.5)')
    expect(msg(checkGeometry('conv', 5, 0, 1, 0))).toContain('kernel size must be a whole number ≥ 1 (got 0)')
    expect(msg(checkGeometry('conv', 5, 3, 1, -1))).toContain('padding must be')
    expect(msg(checkGeometry('conv', 5, 3, 1, 0.5))).toContain('padding must be')
  })
  it("'same' keeps the size at stride 1 (extra zero after for even kernels) and is refused at stride 2", () => {
    for (let n = 1; n <= 12; n++)
      for (let k = 1; k <= 6; k++) {
        const g = outputGeometry('conv', n, k, 1, 'same')
        expect(g.out).toBe(n)
        expect(g.padBefore + g.padAfter).toBe(k - 1)
        expect(g.padAfter - g.padBefore).toBe((k - 1) % 2)
      }
    const g = checkGeometry('conv', 6, 2, 2, 'same')
    expect(g.ok).toBe(false)
    if (!g.ok) expect(g.message).toContain("'same' padding keeps the image size only at stride 1")
    expect(outputGeometry('conv', 6, 2, 1, 'valid').out).toBe(5)
  })
  it('pooling: padding above half the window is refused; its stride defaults to the window', () => {
    const g = checkGeometry('pool', 6, 2, 2, 2)
    expect(g.ok).toBe(false)
    if (!g.ok) expect(g.message).toContain('more than half the window')
    expect(geometry2d('pool', 28, 28, { kernel: 2 }).h.out).toBe(14)
    const bad = checkGeometry2d('pool', 7, 8, { kernel: 2 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.message).toMatch(/^height: pooling: \(7 \+ 2·0 − 2\)\/2 \+ 1 = 3\.5 is not an integer/)
      // 2·p is even and 7 − 2 is odd: no padding helps, a stride or window change does.
      expect(bad.suggestions.some((s) => s.change === 'padding')).toBe(false)
      expect(bad.suggestions.map((s) => s.text)).toEqual(expect.arrayContaining(['stride 1: (7 + 2·0 − 2)/1 + 1 = 6', 'kernel 3: (7 + 2·0 − 3)/2 + 1 = 3']))
    }
  })
  it('2D: rectangular kernels, a failing width is named', () => {
    const g = geometry2d('conv', 28, 20, { kernel: [5, 3], stride: [1, 1], padding: [2, 'same'] })
    expect([g.h.out, g.w.out]).toEqual([28, 20])
    expect(() => geometry2d('conv', 28, 28, { kernel: 5, stride: [1, 2] })).toThrow(/^width: convolution: \(28 \+ 2·0 − 5\)\/2 \+ 1 = 12\.5 is not an integer/)
  })
  it('any typed value is answered with a message about it, never an exception: kernels, strides and paddings of 10⁹', () => {
    const msg = (g: ReturnType<typeof checkGeometry>): string => (g.ok ? '' : g.message)
    const huge = 1_000_000_000
    const k = checkGeometry('conv', 28, huge, 1, 0)
    expect(msg(k)).toBe(`convolution kernel ${huge} is larger than the padded input 28 + 2·0 = 28`)
    // The nearest kernels that fit, found within what can fit (the largest first).
    if (!k.ok) expect(k.suggestions.filter((s) => s.change === 'kernel').map((s) => s.kernel)).toEqual([28, 27])
    const s = checkGeometry('conv', 28, 5, huge, 0)
    expect(msg(s)).toContain(`= ${((23 / huge) + 1).toFixed(3)}`)
    if (!s.ok) for (const sg of s.suggestions) expect(expected(28, sg.kernel, sg.stride, sg.padding)).toBe(sg.out)
    expect(msg(checkGeometry('pool', 28, 2, 2, huge))).toContain(`pooling padding ${huge} is more than half the window 2`)
    expect(checkGeometry('conv', 28, 3, 1, huge).ok).toBe(true)
    // 'same' pads any kernel to fit: a valid geometry (the kind's schema bounds the kernel).
    expect(checkGeometry('conv', 28, huge, 1, 'same')).toMatchObject({ ok: true, out: 28 })
  })
  it('a fractional stride is refused as not a whole number, a stride below 1 as never moving', () => {
    const msg = (g: ReturnType<typeof checkGeometry>): string => (g.ok ? '' : g.message)
    expect(msg(checkGeometry('conv', 28, 5, 2.5, 0))).toBe('convolution stride must be a whole number ≥ 1 (got 2.5): the window moves by whole pixels')
    expect(msg(checkGeometry('pool', 28, 2, 0, 0))).toBe('pooling stride must be a whole number ≥ 1 (got 0): a stride of 0 never moves the window')
  })
})
