// The colour theme: light or dark, following the system's prefers-color-scheme unless the
// user chose one with the switch in the header (kept in localStorage, so it survives a reload
// and a restart of the app). The page's colours are CSS variables (app.css, [data-theme]);
// what is painted on canvases — charts, lattices, weight maps — reads its colours here, so
// every picture is drawn for the background it sits on.
//
// New panels: use the CSS variables of app.css for the page; for a canvas, take colours from
// `palette()` and read `theme.dark` inside the $effect that draws, so a switch redraws it.

import { LIGHT_DIVERGING, type DivergingMap, type Rgb } from './latticeImage'

export type ThemeChoice = 'system' | 'light' | 'dark'

const KEY = 'physml.theme'

/** Two-colour pictures (Ising spins, Hopfield pixels) and the diverging map of signed values. */
export interface Palette extends DivergingMap {
  spinUp: Rgb
  spinDown: Rgb
  /** An unknown (0) Hopfield pixel. */
  unknown: Rgb
}

const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    spinUp: [23, 37, 84],
    spinDown: [241, 245, 249],
    unknown: [182, 188, 198],
    ...LIGHT_DIVERGING
  },
  dark: {
    // Light spins on a deep ground: the lattice does not glare on a dark page, domains stay sharp.
    spinUp: [191, 219, 254],
    spinDown: [17, 24, 39],
    unknown: [88, 96, 110],
    // The RdBu ends one step lighter, through a near-black zero (what "nothing" looks like on a dark page).
    divergingNegative: [103, 169, 207],
    divergingZero: [18, 21, 27],
    divergingPositive: [239, 138, 98]
  }
}

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY)
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null

class Theme {
  choice = $state<ThemeChoice>(stored())
  private systemDark = $state(media?.matches ?? false)

  constructor() {
    media?.addEventListener('change', (e) => {
      this.systemDark = e.matches
      this.apply()
    })
    this.apply()
  }

  get dark(): boolean {
    return this.choice === 'dark' || (this.choice === 'system' && this.systemDark)
  }

  choose(choice: ThemeChoice): void {
    this.choice = choice
    try {
      if (choice === 'system') localStorage.removeItem(KEY)
      else localStorage.setItem(KEY, choice)
    } catch {
      // A page without storage still switches; the choice lasts until it reloads.
    }
    this.apply()
  }

  /** data-theme on <html> selects app.css's variables; the spin colours go there too, for legends. */
  private apply(): void {
    if (typeof document === 'undefined') return
    const root = document.documentElement
    const p = this.palette
    root.dataset.theme = this.dark ? 'dark' : 'light'
    root.style.colorScheme = this.dark ? 'dark' : 'light'
    root.style.setProperty('--spin-up', `rgb(${p.spinUp.join(' ')})`)
    root.style.setProperty('--spin-down', `rgb(${p.spinDown.join(' ')})`)
    root.style.setProperty('--spin-unknown', `rgb(${p.unknown.join(' ')})`)
    root.style.setProperty('--diverging-ramp', `linear-gradient(90deg, rgb(${p.divergingNegative.join(' ')}), rgb(${p.divergingZero.join(' ')}), rgb(${p.divergingPositive.join(' ')}))`)
  }

  get palette(): Palette {
    return PALETTES[this.dark ? 'dark' : 'light']
  }
}

export const theme = new Theme()

/** The canvas colours of the theme in force (reactive: read it where the drawing is). */
export const palette = (): Palette => theme.palette

/** A CSS variable of the page as it is now (for canvases: chart text and gridlines). */
export function cssVar(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

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
 * A curve's colour for the theme: unchanged on a light page; on a dark one, a colour too dark
 * to read there (the lab's palette is chosen for white) is lifted to a lightness of ~0.7 with
 * its hue and saturation kept, so blue stays blue and the black exact curve turns light grey.
 * Takes "#rrggbb" and "hsl(…)" (other forms are drawn as given).
 */
export function seriesColor(color: string, dark = theme.dark): string {
  if (!dark) return color
  const hsl = hslOf(color)
  if (!hsl) return color
  const [h, s, l] = hsl
  if (l >= 0.62) return color
  return hexOf(h, Math.min(1, s * 0.9), 0.62 + l * 0.15)
}
