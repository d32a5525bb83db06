import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { corrupt } from '../../../src/engine/hopfield/corrupt'
import {
  blankGrid,
  cellsOnLine,
  corruptionCounts,
  corruptionSteps,
  gridSizeProblem,
  inverted,
  libraryJson,
  parseLibraryJson,
  plainProbe,
  probeState,
  resizeProblem,
  shifted,
  stateString,
  storeProblem,
  withBlankRect,
  withBrush,
  withFlippedFraction,
  withMoved,
  withPainted,
  withRemoved,
  withReplaced,
  type LibPattern
} from '../../../src/renderer/lib/hopfieldGrid'

const pat = (id: number, data: number[], label = ''): LibPattern => ({ id, label, data: Int8Array.from(data) })
const diff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let n = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++
  return n
}

describe('grid size', () => {
  it('accepts 4..64 whole numbers, non-square too, and names the bad side', () => {
    expect(gridSizeProblem(4, 64)).toBeNull()
    expect(gridSizeProblem(64, 4)).toBeNull()
    expect(gridSizeProblem(65, 8)).toMatch(/width must be a whole number from 4 to 64 \(got 65\)/)
    expect(gridSizeProblem(8, 3)).toMatch(/height .* \(got 3\)/)
    expect(gridSizeProblem(7.5, 8)).toMatch(/width/)
    expect(gridSizeProblem(NaN, 8)).toMatch(/got nothing/)
  })
  it('refuses a new size while the library holds patterns of the old one, and allows it when empty', () => {
    expect(resizeProblem(10, 10, { width: 8, height: 8 }, 3)).toMatch(/3 patterns of 8×8: a 10×10 grid cannot recall them/)
    expect(resizeProblem(10, 10, { width: 8, height: 8 }, 0)).toBeNull()
    expect(resizeProblem(8, 8, { width: 8, height: 8 }, 3)).toBeNull()
    expect(resizeProblem(70, 8, { width: 8, height: 8 }, 0)).toMatch(/from 4 to 64/)
  })
})

describe('grid tools', () => {
  it('shift moves a pixel by (dx, dy) and wraps around the edges', () => {
    const s = blankGrid(4 * 3) // 4 wide, 3 high
    s[0] = 1 // (col 0, row 0)
    const t = shifted(s, 4, 3, 1, 2)
    expect([...t].indexOf(1)).toBe(2 * 4 + 1)
    const w = shifted(s, 4, 3, -1, -1) // wraps to (col 3, row 2)
    expect([...w].indexOf(1)).toBe(2 * 4 + 3)
    const r = createRng(3)
    const any = Int8Array.from({ length: 35 }, () => (r.uniform() < 0.5 ? 1 : -1))
    expect([...shifted(shifted(any, 7, 5, 3, -2), 7, 5, -3, 2)]).toEqual([...any])
  })
  it('invert negates ±1 and keeps unknown pixels unknown', () => {
    expect([...inverted(Int8Array.from([1, -1, 0]))].map((v) => v + 0)).toEqual([-1, 1, 0])
  })
  it('cellsOnLine visits every cell between the ends with steps of one cell', () => {
    expect(cellsOnLine(0, 0, 3, 0)).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0]
    ])
    const line = cellsOnLine(5, 1, 0, 4)
    expect(line[0]).toEqual([5, 1])
    expect(line[line.length - 1]).toEqual([0, 4])
    for (let k = 1; k < line.length; k++) {
      expect(Math.abs(line[k][0] - line[k - 1][0])).toBeLessThanOrEqual(1)
      expect(Math.abs(line[k][1] - line[k - 1][1])).toBeLessThanOrEqual(1)
    }
  })
  it('stateString writes + - 0', () => {
    expect(stateString([1, -1, 0, 1])).toBe('+-0+')
  })
})

describe('corruption of the probe', () => {
  const base = Int8Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 1 : -1))
  it('flipping 20 % of an 8×8 grid flips exactly round(0.2·64) = 13 distinct pixels', () => {
    const p = withFlippedFraction(plainProbe(base), 0.2, createRng(1))
    expect(diff(probeState(p), base)).toBe(13)
    expect(corruptionCounts(p)).toEqual({ flipped: 13, blanked: 0 })
  })
  it('the same draw applied twice restores the picture (flips compose by exclusive or)', () => {
    const once = withFlippedFraction(plainProbe(base), 0.3, createRng(9))
    const twice = withFlippedFraction(once, 0.3, createRng(9))
    expect([...probeState(twice)]).toEqual([...base])
  })
  it('a blanked pixel is unknown (0) whatever was flipped, and the rectangle is clipped to the grid', () => {
    let p = withBrush(plainProbe(base), [0, 1, 2], 'flip')
    p = withBlankRect(p, 8, 6, 6, 5, 5) // only the 2×2 corner fits
    p = withBrush(p, [1], 'blank')
    const s = probeState(p)
    expect(s[0]).toBe(-base[0])
    expect(s[1]).toBe(0)
    expect(s[2]).toBe(-base[2])
    expect([54, 55, 62, 63].map((i) => s[i])).toEqual([0, 0, 0, 0])
    expect(corruptionCounts(p)).toEqual({ flipped: 2, blanked: 5 })
  })
  it('the clear brush restores pixels to the drawing', () => {
    const p = withBrush(withBrush(withBrush(plainProbe(base), [4, 5], 'flip'), [6], 'blank'), [4, 6], 'clear')
    const s = probeState(p)
    expect([s[4], s[5], s[6]]).toEqual([base[4], -base[5], base[6]])
  })
  it('the job steps reproduce exactly what the panel shows (checked with the engine’s own corrupt)', () => {
    let p = withFlippedFraction(plainProbe(base), 0.25, createRng(4))
    p = withBlankRect(p, 8, 0, 0, 3, 2)
    p = withBrush(p, [40, 41], 'flip')
    const steps = corruptionSteps(p)
    expect(steps.map((s) => s.type === 'mask' && s.mode)).toEqual(['flip', 'blank'])
    const viaEngine = corrupt(base.slice(), steps, 8, createRng(0))
    expect([...viaEngine]).toEqual([...probeState(p)])
    expect(corruptionSteps(plainProbe(base))).toEqual([])
  })
  it('painting sets the pixels and removes the corruption only there; drawn unknown pixels count as unknown', () => {
    let p = withBrush(withBrush(plainProbe(base), [0, 1, 2, 3], 'flip'), [8, 9], 'blank')
    p = withPainted(p, [1, 9], 1)
    const s = probeState(p)
    expect([s[0], s[1], s[2], s[3], s[8], s[9]]).toEqual([-base[0], 1, -base[2], -base[3], 0, 1])
    expect(corruptionCounts(p)).toEqual({ flipped: 3, blanked: 1 })
    expect(withPainted(p, [1], 1)).toBe(p) // nothing to change: the same probe
    const drawnUnknown = plainProbe(Int8Array.from([0, 1, -1, 0]))
    expect(corruptionCounts(drawnUnknown)).toEqual({ flipped: 0, blanked: 2 })
  })
})

describe('the library', () => {
  const lib = [pat(1, [1, 1]), pat(2, [1, -1]), pat(3, [-1, -1]), pat(4, [-1, 1])]
  it('moves, removes and replaces by position and keeps the others in order', () => {
    expect(withMoved(lib, 0, 2).map((p) => p.id)).toEqual([2, 3, 1, 4])
    expect(withMoved(lib, 3, 0).map((p) => p.id)).toEqual([4, 1, 2, 3])
    expect(withMoved(lib, 1, 99).map((p) => p.id)).toEqual([1, 3, 4, 2])
    expect(withRemoved(lib, 1).map((p) => p.id)).toEqual([1, 3, 4])
    const r = withReplaced(lib, 2, Int8Array.from([1, 1]), 'x')
    expect([...r[2].data]).toEqual([1, 1])
    expect(r[2].id).toBe(3)
    expect([...lib[2].data]).toEqual([-1, -1]) // the old library is untouched
  })
  it('refuses to store a picture with unknown pixels, or of the wrong size', () => {
    expect(storeProblem([1, 0, -1, 0], 4)).toMatch(/2 unknown \(grey\) pixels/)
    expect(storeProblem([1, -1, 1], 4)).toMatch(/3 pixels but the library's patterns have 4/)
    expect(storeProblem([1, -1, 1, 1], 4)).toBeNull()
  })
  it('a library file round-trips, and a pattern of mismatched size is refused with its number', () => {
    const l = [pat(1, [1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1], 'V')]
    const back = parseLibraryJson(libraryJson(4, 4, l))
    expect(back.width).toBe(4)
    expect(back.patterns[0].label).toBe('V')
    expect([...back.patterns[0].data]).toEqual([...l[0].data])
    const bad = JSON.stringify({ width: 4, height: 4, patterns: [{ pixels: '+'.repeat(16) }, { pixels: '+'.repeat(15) }] })
    expect(() => parseLibraryJson(bad)).toThrow(/Pattern 2 has 15 pixels but a 4×4 grid has 16: patterns of mismatched size/)
    expect(() => parseLibraryJson('not json')).toThrow(/not JSON/)
    expect(() => parseLibraryJson(JSON.stringify({ width: 99, height: 4, patterns: [] }))).toThrow(/from 4 to 64/)
    expect(() => parseLibraryJson(JSON.stringify({ width: 4, height: 4, patterns: [{ pixels: '+0'.repeat(8) }] }))).toThrow(/'\+' or '−'/)
  })
})
