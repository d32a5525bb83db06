// Ready-made pattern libraries: the paper's 4×4 stripes (Fig. 2), letter and digit glyphs
// drawn from a 5×7 font at any grid size, and random patterns at a density. Pixels are ±1,
// row-major; +1 is ink (dark), −1 background.

import { createRng, type Rng } from '../rng'
import type { PatternSet } from './types'

/** Stripes of `period` pixels: vertical stripes vary along x, horizontal along y. */
export function stripes(width: number, height: number, orientation: 'vertical' | 'horizontal', period = 1): Int8Array {
  const s = new Int8Array(width * height)
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = orientation === 'vertical' ? c : r
      s[r * width + c] = Math.floor(k / period) % 2 === 0 ? 1 : -1
    }
  }
  return s
}

/** The two memories of Fig. 2: vertical and horizontal stripes on a 4×4 grid. */
export function paperStripes(): number[][] {
  return [Array.from(stripes(4, 4, 'vertical')), Array.from(stripes(4, 4, 'horizontal'))]
}

// 5×7 font, rows top to bottom, '#' = ink.
const FONT: Record<string, string> = {
  '0': '.###./#...#/#..##/#.#.#/##..#/#...#/.###.',
  '1': '..#../.##../..#../..#../..#../..#../.###.',
  '2': '.###./#...#/....#/...#./..#../.#.../#####',
  '3': '#####/...#./..#../...#./....#/#...#/.###.',
  '4': '...#./..##./.#.#./#..#./#####/...#./...#.',
  '5': '#####/#..../####./....#/....#/#...#/.###.',
  '6': '..##./.#.../#..../####./#...#/#...#/.###.',
  '7': '#####/....#/...#./..#../.#.../.#.../.#...',
  '8': '.###./#...#/#...#/.###./#...#/#...#/.###.',
  '9': '.###./#...#/#...#/.####/....#/...#./.##..',
  A: '.###./#...#/#...#/#####/#...#/#...#/#...#',
  B: '####./#...#/#...#/####./#...#/#...#/####.',
  C: '.###./#...#/#..../#..../#..../#...#/.###.',
  D: '###../#..#./#...#/#...#/#...#/#..#./###..',
  E: '#####/#..../#..../####./#..../#..../#####',
  F: '#####/#..../#..../####./#..../#..../#....',
  G: '.###./#...#/#..../#.###/#...#/#...#/.####',
  H: '#...#/#...#/#...#/#####/#...#/#...#/#...#',
  I: '.###./..#../..#../..#../..#../..#../.###.',
  J: '..###/...#./...#./...#./...#./#..#./.##..',
  K: '#...#/#..#./#.#../##.../#.#../#..#./#...#',
  L: '#..../#..../#..../#..../#..../#..../#####',
  M: '#...#/##.##/#.#.#/#.#.#/#...#/#...#/#...#',
  N: '#...#/#...#/##..#/#.#.#/#..##/#...#/#...#',
  O: '.###./#...#/#...#/#...#/#...#/#...#/.###.',
  P: '####./#...#/#...#/####./#..../#..../#....',
  Q: '.###./#...#/#...#/#...#/#.#.#/#..#./.##.#',
  R: '####./#...#/#...#/####./#.#../#..#./#...#',
  S: '.####/#..../#..../.###./....#/....#/####.',
  T: '#####/..#../..#../..#../..#../..#../..#..',
  U: '#...#/#...#/#...#/#...#/#...#/#...#/.###.',
  V: '#...#/#...#/#...#/#...#/#...#/.#.#./..#..',
  W: '#...#/#...#/#...#/#.#.#/#.#.#/#.#.#/.#.#.',
  X: '#...#/#...#/.#.#./..#../.#.#./#...#/#...#',
  Y: '#...#/#...#/.#.#./..#../..#../..#../..#..',
  Z: '#####/....#/...#./..#../.#.../#..../#####'
}

export const GLYPHS = Object.keys(FONT).join('')

/**
 * A glyph drawn into a width×height grid: the 5×7 bitmap stretched over the grid, each pixel
 * taking the font pixel under its centre. A one-pixel blank frame is kept when the inside still
 * has at least 5×7 pixels (so no font row or column is lost to the frame).
 */
export function glyph(char: string, width: number, height: number): Int8Array {
  const rows = FONT[char.toUpperCase()]
  if (!rows) throw new Error(`no glyph for '${char}': letters A–Z and digits 0–9 only`)
  const bitmap = rows.split('/')
  const margin = width - 2 >= 5 && height - 2 >= 7 ? 1 : 0
  const iw = width - 2 * margin
  const ih = height - 2 * margin
  const s = new Int8Array(width * height).fill(-1)
  for (let r = 0; r < ih; r++) {
    const fr = Math.floor(((r + 0.5) * 7) / ih)
    for (let c = 0; c < iw; c++) {
      const fc = Math.floor(((c + 0.5) * 5) / iw)
      if (bitmap[fr][fc] === '#') s[(r + margin) * width + c + margin] = 1
    }
  }
  return s
}

export function glyphs(chars: string, width: number, height: number): number[][] {
  return Array.from(chars, (ch) => Array.from(glyph(ch, width, height)))
}

/** p random patterns of N pixels, each +1 with probability `density`. */
export function randomPatterns(p: number, N: number, density: number, rng: Rng): PatternSet {
  const data = new Int8Array(p * N)
  for (let k = 0; k < p * N; k++) data[k] = rng.uniform() < density ? 1 : -1
  return { p, N, data }
}

export type PresetName = 'stripes' | 'letters' | 'digits' | 'random'

/** A pattern library for the panel: stripes (both orientations), glyphs, or random patterns. */
export function presetPatterns(
  name: PresetName,
  width: number,
  height: number,
  opts: { chars?: string; count?: number; density?: number; seed?: number } = {}
): number[][] {
  switch (name) {
    case 'stripes':
      return [Array.from(stripes(width, height, 'vertical')), Array.from(stripes(width, height, 'horizontal'))]
    case 'letters':
      return glyphs(opts.chars ?? 'ABCDE', width, height)
    case 'digits':
      return glyphs(opts.chars ?? '0123456789', width, height)
    case 'random': {
      const N = width * height
      const P = randomPatterns(opts.count ?? 5, N, opts.density ?? 0.5, createRng(opts.seed ?? 1))
      return Array.from({ length: P.p }, (_, mu) => Array.from(P.data.subarray(mu * N, (mu + 1) * N)))
    }
  }
}
