// Curve colours for a dark page, from the lab's palette chosen for white. Pure (no DOM):
// test/unit/renderer/darkColour.test.ts.

/** Hue (degrees), saturation and lightness (0–1) of "#rrggbb" or "hsl(h s% l%)"; null for other colours. */
function hslOf(color: string): [number, number, number] | null {
  const c = color.trim()
  const hsl = /^hsl\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%\s*\)$/i.exec(c)
  if (hsl) return [Number(hsl[1]) % 360, Number(hsl[2]) / 100, Number(hsl[3]) / 100]
  const m = /^#([0-9a-f]{6})$/i.exec(c)
  if (!m) return null
  const n = parseInt(m[1], 16)
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => v / 255)
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  const l = (max + min) / 2
  const d = max - min
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1))
  let h = 0
  if (d !== 0) h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
  return [(((h * 60) % 360) + 360) % 360, s, l]
}

/** "#rrggbb" of a hue (degrees), saturation and lightness (0–1). */
function hexOf(h: number, s: number, l: number): string {
  const c = (1 - Math.abs(2 * l - 1)) * s
  const hh = h / 60
  const x = c * (1 - Math.abs((hh % 2) - 1))
  const [r1, g1, b1] = hh < 1 ? [c, x, 0] : hh < 2 ? [x, c, 0] : hh < 3 ? [0, c, x] : hh < 4 ? [0, x, c] : hh < 5 ? [x, 0, c] : [c, 0, x]
  const o = l - c / 2
  const hex = (v: number): string => Math.round((v + o) * 255).toString(16).padStart(2, '0')
  return `#${hex(r1)}${hex(g1)}${hex(b1)}`
}

/**
 * A colour for a dark page: one too dark to read there (the lab's palette is chosen for white)
 * is lifted to a lightness of ~0.7 with its hue and saturation kept, so blue stays blue and the
 * black exact curve turns light grey. Takes "#rrggbb" and "hsl(…)"; other forms come back as given.
 */
export function liftForDark(color: string): string {
  const hsl = hslOf(color)
  if (!hsl) return color
  const [h, s, l] = hsl
  if (l >= 0.62) return color
  return hexOf(h, Math.min(1, s * 0.9), 0.62 + l * 0.15)
}
