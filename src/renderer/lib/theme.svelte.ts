// The colour theme: light or dark, following the system's prefers-color-scheme unless the
// user chose one with the switch in the header (kept in localStorage, so it survives a reload
// and a restart of the app). The page's colours are CSS variables (app.css, [data-theme]);
// what is painted on canvases — charts, lattices, weight maps — reads its colours here, so
// every picture is drawn for the background it sits on.
//
// New panels: use the CSS variables of app.css for the page; for a canvas, take colours from
// `palette()` and read `theme.dark` inside the $effect that draws, so a switch redraws it.

import { LIGHT_DIVERGING, type DivergingMap, type Rgb } from './latticeImage'
import { liftForDark } from './darkColour'

export type ThemeChoice = 'system' | 'light' | 'dark'

const KEY = 'physml.theme'

/** Two-colour pictures (Ising spins, Hopfield pixels) and the diverging map of signed values. */
export interface Palette extends DivergingMap {
  spinUp: Rgb
  spinDown: Rgb
  /** An unknown (0) Hopfield pixel. */
  unknown: Rgb
  /** The lines between the tiles of an image grid (a tile of one colour still shows its edge). */
  tileGap: Rgb
}

const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    spinUp: [23, 37, 84],
    spinDown: [241, 245, 249],
    unknown: [182, 188, 198],
    tileGap: [203, 213, 225],
    ...LIGHT_DIVERGING
  },
  dark: {
    // Light spins on a deep ground: the lattice does not glare on a dark page, domains stay sharp.
    spinUp: [191, 219, 254],
    spinDown: [17, 24, 39],
    unknown: [88, 96, 110],
    tileGap: [55, 65, 81],
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

/**
 * A curve's colour for the theme: unchanged on a light page; on a dark one, lifted where it is
 * too dark to read there (lib/darkColour).
 */
export function seriesColor(color: string, dark = theme.dark): string {
  return dark ? liftForDark(color) : color
}
