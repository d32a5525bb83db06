import { describe, expect, it } from 'vitest'
import { conv2dForward, convShape } from '../../../src/engine/cnn/conv2d'
import { checkGeometry } from '../../../src/engine/cnn/geometry'
import { EXAMPLE_FILTER, EXAMPLE_IMAGE, convolutionSteps, convolveExample, workedExample } from '../../../src/engine/cnn/workedExample'

// Worked by hand: out(i,j) = I[i][j] − I[i][j+1] − I[i+1][j] + I[i+1][j+1] for the filter [[1,−1],[−1,1]].
const STRIDE1 = [
  [2, -1, 0, 1, -2],
  [-1, 2, 0, -2, 1],
  [0, 0, 0, 0, 0],
  [1, -2, 0, 2, -1],
  [-2, 1, 0, -1, 2]
]
const STRIDE2 = [
  [2, 0, -2],
  [0, 0, 0],
  [-2, 0, 2]
]
// 'same' with a 2×2 filter: one zero row below and one zero column to the right.
const SAME = [
  [2, -1, 0, 1, -2, 1],
  [-1, 2, 0, -2, 1, 0],
  [0, 0, 0, 0, 0, 0],
  [1, -2, 0, 2, -1, 0],
  [-2, 1, 0, -1, 2, -1],
  [1, 0, 0, 0, -1, 2]
]

describe('worked example (Figs. 9–11): 6×6 image, 2×2 filter', () => {
  it('stride 1 → 5×5, stride 2 → 3×3, same padding → 6×6, the hand-computed numbers', () => {
    const ex = workedExample()
    expect(ex.stride1).toEqual(STRIDE1)
    expect(ex.stride2).toEqual(STRIDE2)
    expect(ex.same).toEqual(SAME)
  })
  it('the conv2d engine gives the same maps', () => {
    const x = Float32Array.from(EXAMPLE_IMAGE.flat())
    const W = Float32Array.from(EXAMPLE_FILTER.flat())
    for (const [spec, want] of [[{ kernel: 2, stride: 1 }, STRIDE1], [{ kernel: 2, stride: 2 }, STRIDE2], [{ kernel: 2, padding: 'same' as const }, SAME]] as const) {
      const s = convShape(1, 1, 6, 6, 1, spec)
      const y = new Float32Array(s.hOut * s.wOut)
      conv2dForward(s, x, W, null, y)
      expect(Array.from(y)).toEqual(want.flat())
    }
  })
  it('symmetric padding 1 gives 7×7 and stride 3 is refused with the formula', () => {
    expect(convolveExample(EXAMPLE_IMAGE, EXAMPLE_FILTER, { padding: 1 }).length).toBe(7)
    const g = checkGeometry('conv', 6, 2, 3, 0)
    expect(g.ok).toBe(false)
    if (!g.ok) expect(g.message).toContain('(6 + 2·0 − 2)/3 + 1 = 2.333… is not an integer')
    expect(() => convolveExample(EXAMPLE_IMAGE, EXAMPLE_FILTER, { stride: 3 })).toThrow(/is not an integer/)
  })
  it('the step iterator: reading order, window positions, products and sums', () => {
    const steps = [...convolutionSteps(EXAMPLE_IMAGE, EXAMPLE_FILTER, { stride: 2 })]
    expect(steps.length).toBe(9)
    expect(steps.map((s) => [s.i, s.j])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2]])
    const s5 = steps[5] // row 1, column 2: the window at image rows 2–3, columns 4–5
    expect([s5.index, s5.top, s5.left]).toEqual([5, 2, 4])
    expect(s5.window).toEqual([[1, 1], [1, 1]])
    expect(s5.products).toEqual([[1, -1], [-1, 1]])
    const s0 = steps[0]
    expect(s0.window).toEqual([[2, 1], [1, 2]])
    expect(s0.products).toEqual([[2, -1], [-1, 2]])
    expect(s0.sum).toBe(2)
    for (const s of steps) expect(s.sum).toBe(s.products.flat().reduce((a, b) => a + b, 0))
  })
  it('padding cells are flagged and read as 0; a bias is added to every sum', () => {
    const steps = [...convolutionSteps(EXAMPLE_IMAGE, EXAMPLE_FILTER, { padding: 'same', bias: 10 })]
    expect(steps.length).toBe(36)
    const last = steps[35]
    expect([last.top, last.left]).toEqual([5, 5])
    expect(last.padded).toEqual([[false, true], [true, true]])
    expect(last.window).toEqual([[2, 0], [0, 0]])
    expect(last.sum).toBe(12)
    expect(steps.filter((s) => s.padded.flat().some(Boolean)).length).toBe(11)
  })
})
