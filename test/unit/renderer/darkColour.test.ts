import { describe, expect, it } from 'vitest'
import { liftForDark } from '../../../src/renderer/lib/darkColour'

// Lightness and hue of "#rrggbb", computed independently of the module (the CSS Color 4 formulas).
function hl(hex: string): { h: number; l: number } {
  const n = parseInt(hex.slice(1), 16)
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => v / 255)
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  const d = max - min
  const h = d === 0 ? 0 : max === r ? 60 * (((g - b) / d + 6) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4)
  return { h, l: (max + min) / 2 }
}

describe('curve colours on a dark page', () => {
  it('a dark blue is lifted above lightness 0.62 and stays blue (hue within 2°)', () => {
    const out = liftForDark('#1d4ed8')
    expect(hl(out).l).toBeGreaterThanOrEqual(0.62)
    expect(Math.abs(hl(out).h - hl('#1d4ed8').h)).toBeLessThan(2)
  })
  it('black turns to the grey of lightness 0.62 (#9e9e9e); a colour already light is kept', () => {
    expect(liftForDark('#000000')).toBe('#9e9e9e')
    expect(liftForDark('#cbd5e1')).toBe('#cbd5e1')
  })
  it('hsl() colours (the temperature scale of Fig. 14) are lifted the same way, hue kept', () => {
    for (const hue of [0, 120, 240]) {
      const out = liftForDark(`hsl(${hue} 75% 45%)`)
      expect(out).toMatch(/^#[0-9a-f]{6}$/)
      expect(hl(out).l).toBeCloseTo(0.62 + 0.45 * 0.15, 2)
      expect(Math.abs(((hl(out).h - hue + 540) % 360) - 180)).toBeLessThan(2)
    }
  })
  it('a colour in another notation is drawn as given', () => {
    expect(liftForDark('rgb(10 20 30)')).toBe('rgb(10 20 30)')
  })
})
