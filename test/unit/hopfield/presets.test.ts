import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { GLYPHS, glyph, paperStripes, presetPatterns, randomPatterns, stripes } from '../../../src/engine/hopfield/presets'
import { H, V } from './helpers'

const show = (s: Int8Array, w: number) => Array.from({ length: s.length / w }, (_, r) => Array.from(s.subarray(r * w, r * w + w), (v) => (v > 0 ? '#' : '.')).join(''))

describe('presets', () => {
  it('the paper’s stripes are the hand-written V and H, and orthogonal', () => {
    expect(paperStripes()).toEqual([V, H])
    expect(V.reduce((s, v, i) => s + v * H[i], 0)).toBe(0)
    expect(show(stripes(6, 4, 'vertical', 2), 6)).toEqual(['##..##', '##..##', '##..##', '##..##'])
  })
  it('a glyph at its native 5×7 size is the font bitmap; bigger sizes get a margin', () => {
    expect(show(glyph('A', 5, 7), 5)).toEqual(['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'])
    expect(show(glyph('7', 5, 7), 5)).toEqual(['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'])
    // 10×14: the font is stretched over the 8×12 inside of a blank one-pixel frame.
    const g = glyph('L', 10, 14)
    const rows = show(g, 10)
    expect(rows[0]).toBe('..........')
    expect(rows[13]).toBe('..........')
    expect(rows.every((r) => r[0] === '.' && r[9] === '.')).toBe(true)
    expect(rows[12]).toBe('.########.') // the foot of the L spans the inner width
  })
  it('every glyph differs from every other at 7×7 (no frame), 8×9 (frame), 16×16 and 64×64', () => {
    for (const [w, h] of [[7, 7], [8, 9], [16, 16], [64, 64]]) {
      const all = Array.from(GLYPHS, (c) => glyph(c, w, h).join(''))
      expect(new Set(all).size).toBe(36)
    }
    expect(() => glyph('?', 8, 8)).toThrow("no glyph for '?'")
  })
  it('random patterns have the asked density (within 5σ)', () => {
    const P = randomPatterns(50, 400, 0.3, createRng(4))
    const up = P.data.reduce((n, v) => n + (v > 0 ? 1 : 0), 0)
    const n = 50 * 400
    expect(Math.abs(up / n - 0.3)).toBeLessThan(5 * Math.sqrt((0.3 * 0.7) / n))
  })
  it('preset libraries come at the asked size', () => {
    for (const name of ['stripes', 'letters', 'digits', 'random'] as const) {
      const lib = presetPatterns(name, 12, 9, { count: 4 })
      expect(lib.length).toBeGreaterThan(1)
      for (const p of lib) {
        expect(p).toHaveLength(108)
        expect(p.every((v) => v === 1 || v === -1)).toBe(true)
      }
    }
    expect(presetPatterns('digits', 8, 8)).toHaveLength(10)
  })
})
