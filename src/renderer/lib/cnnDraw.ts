// A digit drawn with the mouse, made to look like an MNIST digit before the network sees it,
// by MNIST's own rule (LeCun et al.): the ink's bounding box is scaled, aspect kept, to fit a
// 20×20 box (area averaging), then placed in the 28×28 frame so that its centre of mass sits
// at the centre. A network trained on MNIST has only seen digits prepared that way.

import type { Map2d } from '../../engine/cnn/handFilters'
import { areaResize } from './cnnImage'

export const DIGIT_SIDE = 28
export const DIGIT_BOX = 20
/** Pixels at or below this intensity count as paper, not ink, for the bounding box. */
const INK = 0.05

/** Bounding box of the ink, or null when nothing is drawn. */
export function inkBox(m: Map2d): { top: number; left: number; h: number; w: number } | null {
  let top = m.h
  let left = m.w
  let bottom = -1
  let right = -1
  for (let y = 0; y < m.h; y++)
    for (let x = 0; x < m.w; x++)
      if (m.data[y * m.w + x] > INK) {
        if (y < top) top = y
        if (y > bottom) bottom = y
        if (x < left) left = x
        if (x > right) right = x
      }
  return bottom < 0 ? null : { top, left, h: bottom - top + 1, w: right - left + 1 }
}

/** Centre of mass (row, column) of a map's intensities; the middle for an empty map. */
export function centreOfMass(m: Map2d): { y: number; x: number } {
  let s = 0
  let sy = 0
  let sx = 0
  for (let y = 0; y < m.h; y++)
    for (let x = 0; x < m.w; x++) {
      const v = m.data[y * m.w + x]
      s += v
      sy += v * y
      sx += v * x
    }
  return s > 0 ? { y: sy / s, x: sx / s } : { y: (m.h - 1) / 2, x: (m.w - 1) / 2 }
}

/**
 * The drawing (intensities in [0, 1], ink bright) as a 28×28 MNIST-style digit, or null when
 * the drawing is blank. A box smaller than 20 pixels is not enlarged (only shrunk).
 */
export function mnistFromDrawing(drawing: Map2d): Float32Array | null {
  const box = inkBox(drawing)
  if (!box) return null
  const crop = new Float32Array(box.h * box.w)
  for (let y = 0; y < box.h; y++) crop.set(drawing.data.subarray((box.top + y) * drawing.w + box.left, (box.top + y) * drawing.w + box.left + box.w), y * box.w)
  const f = Math.min(1, DIGIT_BOX / Math.max(box.h, box.w))
  const W = Math.max(1, Math.round(box.w * f))
  const H = Math.max(1, Math.round(box.h * f))
  const small = areaResize({ h: box.h, w: box.w, data: crop }, W, H)
  const com = centreOfMass(small)
  // Shift so the centre of mass lands on the frame's centre (13.5, 13.5), to the nearest pixel.
  const c = (DIGIT_SIDE - 1) / 2
  const oy = Math.round(c - com.y)
  const ox = Math.round(c - com.x)
  const out = new Float32Array(DIGIT_SIDE * DIGIT_SIDE)
  for (let y = 0; y < H; y++) {
    const ty = y + oy
    if (ty < 0 || ty >= DIGIT_SIDE) continue
    for (let x = 0; x < W; x++) {
      const tx = x + ox
      if (tx >= 0 && tx < DIGIT_SIDE) out[ty * DIGIT_SIDE + tx] = Math.min(1, small.data[y * W + x])
    }
  }
  return out
}
