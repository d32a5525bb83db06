import { describe, expect, it } from 'vitest'
import { centreOfMass, inkBox, mnistFromDrawing } from '../../../src/renderer/lib/cnnDraw'

/** A 280×280 drawing with ink 1 in rows [top, top+h) and columns [left, left+w). */
function rect(top: number, left: number, h: number, w: number, side = 280): { h: number; w: number; data: Float32Array } {
  const data = new Float32Array(side * side)
  for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) data[y * side + x] = 1
  return { h: side, w: side, data }
}

describe('a drawn digit made MNIST-like', () => {
  it('a blank drawing gives nothing', () => {
    expect(mnistFromDrawing(rect(0, 0, 0, 0))).toBeNull()
    expect(inkBox(rect(0, 0, 0, 0))).toBeNull()
  })

  it('a 100×40 stroke anywhere: longer side scaled to 20, centre of mass at the centre', () => {
    for (const [top, left] of [
      [10, 10],
      [150, 200]
    ]) {
      const out = mnistFromDrawing(rect(top, left, 100, 40))!
      const m = { h: 28, w: 28, data: out }
      const box = inkBox(m)!
      expect(box.h).toBe(20)
      expect(box.w).toBe(8)
      const c = centreOfMass(m)
      expect(Math.abs(c.y - 13.5)).toBeLessThanOrEqual(0.5)
      expect(Math.abs(c.x - 13.5)).toBeLessThanOrEqual(0.5)
      // Area averaging keeps the ink: 100·40 pixels of 1 become 20·8 = 160 pixels of 1.
      expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(160, 3)
    }
  })

  it('a box smaller than 20 pixels is not enlarged', () => {
    const out = mnistFromDrawing(rect(5, 5, 6, 4, 28))!
    expect(inkBox({ h: 28, w: 28, data: out })).toMatchObject({ h: 6, w: 4 })
  })

  it('centre of mass of a known shape', () => {
    const m = { h: 3, w: 3, data: Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0, 3]) }
    expect(centreOfMass(m)).toEqual({ y: 1.5, x: 1.5 })
  })
})
