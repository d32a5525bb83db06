// The worked example of Figs. 7–11: a 6×6 image with two pixel intensities convolved with a
// 2×2 filter — stride 1 gives 5×5 (Fig. 10), stride 2 gives 3×3 (Fig. 11), and padding keeps
// 6×6. The paper's figures are images whose digits are not in its text, so the numbers are
// ours, chosen to be read at a glance:
//
//   image: an "X" drawn with intensity 2 on a background of 1 (the two shades of green);
//   filter [[1, −1], [−1, 1]]: responds +2 to a "\" stroke, −2 to a "/" stroke, 0 to flat.
//
// A 2×2 filter keeps 6×6 only with one row and column of zeros in total, so 'same' puts them
// after the image (bottom/right); symmetric padding 1 would give 7×7 and p = ½ is no padding
// at all — geometry.ts says so.

import { checkGeometry, type AxisGeometry, type Padding } from './geometry'

export const EXAMPLE_IMAGE: readonly (readonly number[])[] = [
  [2, 1, 1, 1, 1, 2],
  [1, 2, 1, 1, 2, 1],
  [1, 1, 2, 2, 1, 1],
  [1, 1, 2, 2, 1, 1],
  [1, 2, 1, 1, 2, 1],
  [2, 1, 1, 1, 1, 2]
]

export const EXAMPLE_FILTER: readonly (readonly number[])[] = [
  [1, -1],
  [-1, 1]
]

export interface ConvolutionStep {
  /** Output cell (row i, column j) and its running index in reading order. */
  index: number
  i: number
  j: number
  /** Top-left corner of the window in image coordinates (negative inside the top/left padding). */
  top: number
  left: number
  /** The pixels under the filter (0 where the window lies in the padding). */
  window: number[][]
  /** True where the window cell is padding, not image. */
  padded: boolean[][]
  /** window ⊙ filter, cell by cell. */
  products: number[][]
  /** Σ products (+ bias): the output value of cell (i, j). */
  sum: number
}

export interface StepOptions {
  stride?: number
  padding?: Padding
  bias?: number
}

function axes(image: readonly (readonly number[])[], filter: readonly (readonly number[])[], stride: number, padding: Padding): [AxisGeometry, AxisGeometry] {
  const gh = checkGeometry('conv', image.length, filter.length, stride, padding)
  if (!gh.ok) throw new Error(`height: ${gh.message}`)
  const gw = checkGeometry('conv', image[0].length, filter[0].length, stride, padding)
  if (!gw.ok) throw new Error(`width: ${gw.message}`)
  return [gh, gw]
}

/**
 * Every output cell of image ⋆ filter in reading order (left to right, then down), with the
 * window position, the products and their sum: the frames of the Figs. 10–11 animation.
 */
export function* convolutionSteps(
  image: readonly (readonly number[])[],
  filter: readonly (readonly number[])[],
  opts: StepOptions = {}
): Generator<ConvolutionStep> {
  const stride = opts.stride ?? 1
  const [gh, gw] = axes(image, filter, stride, opts.padding ?? 'valid')
  const kh = filter.length
  const kw = filter[0].length
  let index = 0
  for (let i = 0; i < gh.out; i++) {
    for (let j = 0; j < gw.out; j++) {
      const top = i * stride - gh.padBefore
      const left = j * stride - gw.padBefore
      const window: number[][] = []
      const padded: boolean[][] = []
      const products: number[][] = []
      let sum = opts.bias ?? 0
      for (let u = 0; u < kh; u++) {
        window.push([])
        padded.push([])
        products.push([])
        for (let v = 0; v < kw; v++) {
          const y = top + u
          const x = left + v
          const outside = y < 0 || y >= image.length || x < 0 || x >= image[0].length
          const pixel = outside ? 0 : image[y][x]
          window[u].push(pixel)
          padded[u].push(outside)
          products[u].push(pixel * filter[u][v])
          sum += pixel * filter[u][v]
        }
      }
      yield { index: index++, i, j, top, left, window, padded, products, sum }
    }
  }
}

/** The whole output map of the worked example (rows of numbers). */
export function convolveExample(
  image: readonly (readonly number[])[] = EXAMPLE_IMAGE,
  filter: readonly (readonly number[])[] = EXAMPLE_FILTER,
  opts: StepOptions = {}
): number[][] {
  const out: number[][] = []
  for (const s of convolutionSteps(image, filter, opts)) {
    if (s.j === 0) out.push([])
    out[s.i].push(s.sum)
  }
  return out
}

/** The three panels of Figs. 10–11 plus padding: stride 1 (5×5), stride 2 (3×3), 'same' (6×6). */
export function workedExample(): { stride1: number[][]; stride2: number[][]; same: number[][] } {
  return {
    stride1: convolveExample(EXAMPLE_IMAGE, EXAMPLE_FILTER, { stride: 1 }),
    stride2: convolveExample(EXAMPLE_IMAGE, EXAMPLE_FILTER, { stride: 2 }),
    same: convolveExample(EXAMPLE_IMAGE, EXAMPLE_FILTER, { stride: 1, padding: 'same' })
  }
}
