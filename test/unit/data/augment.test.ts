// Augmentation against exact transforms: with the random draws pinned, an integer shift and
// a quarter turn must reproduce the shifted and rotated image pixel for pixel.

import { describe, expect, it } from 'vitest'
import { createRng, type Rng } from '../../../src/engine/rng'
import { augmentImage, augmentationActive } from '../../../src/engine/data/augment'

/** An Rng whose uniform() returns the given values in turn (normal() draws 0). */
function pinned(values: number[]): Rng {
  let i = 0
  const r = createRng(0)
  return { ...r, uniform: () => values[i++], normal: () => 0 }
}

const R = 6
const image = new Float32Array(R * R).map((_, i) => (i % 7) + Math.floor(i / 5))

describe('augmentation', () => {
  it('no options = inactive; zero draws (shift 0, angle 0, zoom 1) copy the image', () => {
    expect(augmentationActive(undefined)).toBe(false)
    expect(augmentationActive({ shift: 0, rotation: 0, zoom: 0, noise: 0 })).toBe(false)
    expect(augmentationActive({ shift: 1, rotation: 0, zoom: 0, noise: 0 })).toBe(true)
    const out = new Float32Array(R * R)
    augmentImage(image, 0, out, 0, R, R, { shift: 2, rotation: 10, zoom: 0.1, noise: 0 }, pinned([0.5, 0.5, 0.5, 0.5]), 255)
    expect(Array.from(out)).toEqual(Array.from(image))
  })
  it('a draw of +2, −1 pixels shifts the image exactly, zeros coming in at the edges', () => {
    const out = new Float32Array(R * R)
    // dx = (2u−1)·shift: u = 1 → +2, u = 0.25 → −1
    augmentImage(image, 0, out, 0, R, R, { shift: 2, rotation: 0, zoom: 0, noise: 0 }, pinned([1, 0.25, 0.5, 0.5]), 255)
    for (let r = 0; r < R; r++)
      for (let c = 0; c < R; c++) {
        const sr = r + 1
        const sc = c - 2
        const want = sr >= 0 && sr < R && sc >= 0 && sc < R ? image[sr * R + sc] : 0
        expect(out[r * R + c]).toBeCloseTo(want, 5)
      }
  })
  it('a 90° draw rotates the image about its centre (pixel grid onto itself)', () => {
    const out = new Float32Array(R * R)
    augmentImage(image, 0, out, 0, R, R, { shift: 0, rotation: 90, zoom: 0, noise: 0 }, pinned([0.5, 0.5, 1, 0.5]), 255)
    // output (r, c) reads input at (r', c') = (R−1−c, r) for a +90° turn with this inverse map
    for (let r = 0; r < R; r++) for (let c = 0; c < R; c++) expect(out[r * R + c]).toBeCloseTo(image[(R - 1 - c) * R + r], 4)
  })
  it('noise stays within [0, max]; the same seed gives the same augmented image', () => {
    const a = new Float32Array(R * R)
    const b = new Float32Array(R * R)
    const opts = { shift: 1.5, rotation: 15, zoom: 0.2, noise: 0.5 }
    augmentImage(image, 0, a, 0, R, R, opts, createRng(9), 12)
    augmentImage(image, 0, b, 0, R, R, opts, createRng(9), 12)
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(a.every((v) => v >= 0 && v <= 12)).toBe(true)
    expect(a.some((v, i) => v !== image[i])).toBe(true)
  })
})
