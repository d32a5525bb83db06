import { describe, expect, it } from 'vitest'
import { applySuggestion, checkArchitecture, describeLayer, lenetPreset, parsePadding } from '../../../src/renderer/lib/cnnArchitecture'
import type { LayerSpec } from '../../../src/engine/cnn/cnnLayers'

const shapes = (specs: LayerSpec[]): (string | null)[] => checkArchitecture(specs).rows.map((r) => (r.shape ? `${r.shape.c}×${r.shape.h}×${r.shape.w}` : null))

describe('live architecture check', () => {
  it('the LeNet preset: shapes by hand and 7,434 parameters', () => {
    const c = checkArchitecture(lenetPreset())
    expect(c.ok).toBe(true)
    expect(shapes(lenetPreset())).toEqual(['8×28×28', '8×28×28', '8×14×14', '16×10×10', '16×10×10', '16×5×5', '10×1×1'])
    // conv1 8·1·25 + 8, conv2 16·8·25 + 16, dense 400·10 + 10.
    expect(c.parameterCount).toBe(208 + 3216 + 4010)
  })

  it('stride 2 on the first conv: the formula with its numbers, valid suggestions, later layers unknown', () => {
    const specs = lenetPreset()
    specs[0] = { type: 'conv', filters: 8, kernel: 5, padding: 2, stride: 2 }
    const c = checkArchitecture(specs)
    expect(c.ok).toBe(false)
    expect(c.rows[0].errors[0]).toContain('(28 + 2·2 − 5)/2 + 1 = 14.5')
    expect(c.rows[0].errors[0]).toMatch(/not an integer/)
    expect(c.rows[0].shape).toBeNull()
    expect(c.rows.slice(1).every((r) => r.shape === null && r.errors.length === 0)).toBe(true)
    expect(c.rows[0].suggestions.length).toBeGreaterThan(0)
    // Every suggestion fixes this layer (later layers may still need work).
    for (const s of c.rows[0].suggestions) {
      const fixed = [...specs]
      fixed[0] = applySuggestion(specs[0], s)
      const after = checkArchitecture(fixed)
      expect(after.rows[0].errors).toEqual([])
      expect(after.rows[0].shape?.h).toBe(s.out)
    }
  })

  it('a layer before the broken one keeps its shape', () => {
    const specs = lenetPreset()
    specs[3] = { type: 'conv', filters: 16, kernel: 5, stride: 2 }
    const c = checkArchitecture(specs)
    expect(shapes(specs).slice(0, 3)).toEqual(['8×28×28', '8×28×28', '8×14×14'])
    expect(c.rows[3].errors[0]).toMatch(/layer 4 \(conv\).*\(14 \+ 2·0 − 5\)\/2 \+ 1 = 5\.5/)
  })

  it('stride 0 says the window never moves, once (no duplicate range message), and stride 1 is suggested', () => {
    const specs = lenetPreset()
    specs[2] = { type: 'pool', mode: 'max', size: 2, stride: 0 }
    const c = checkArchitecture(specs)
    expect(c.rows[2].errors).toHaveLength(1)
    expect(c.rows[2].errors[0]).toMatch(/stride must be a whole number ≥ 1 \(got 0\).*never moves/)
    expect(c.rows[2].suggestions.some((s) => s.stride === 1 || s.stride === 2)).toBe(true)
  })

  it('a kernel larger than the padded input', () => {
    const specs: LayerSpec[] = [{ type: 'conv', filters: 4, kernel: 30 }, { type: 'dense', units: 10 }]
    const c = checkArchitecture(specs)
    expect(c.rows[0].errors[0]).toMatch(/kernel 30 is larger than the padded input 28 \+ 2·0 = 28/)
  })

  it('range and head rules come from the job schema, on the right row', () => {
    const specs = lenetPreset()
    specs[6] = { type: 'dense', units: 7 }
    const c = checkArchitecture(specs)
    expect(c.ok).toBe(false)
    expect(c.rows[6].errors.join(' ')).toMatch(/10 units/)
    const big = lenetPreset()
    big[0] = { type: 'conv', filters: 300, kernel: 5, padding: 2 }
    expect(checkArchitecture(big).rows[0].errors).toEqual(['Filters must be at most 256 (got 300)'])
    expect(checkArchitecture([]).general.join(' ')).toMatch(/at least one layer/)
  })

  it('a kernel of 10⁹ gets the geometry message about that kernel, never an exception; with "same" padding, the kind’s bound', () => {
    const huge = lenetPreset()
    huge[0] = { type: 'conv', filters: 8, kernel: 1e9, padding: 2 }
    const c = checkArchitecture(huge)
    expect(c.rows[0].errors).toEqual(['layer 1 (conv): on 1×28×28, height: convolution kernel 1000000000 is larger than the padded input 28 + 2·2 = 32'])
    expect(c.rows[0].suggestions.map((s) => s.kernel)).toEqual([32, 31])
    huge[0] = { type: 'conv', filters: 8, kernel: 1e9, padding: 'same' }
    expect(checkArchitecture(huge).rows[0].errors).toEqual(['Kernel must be at most 32 (got 1,000,000,000)'])
  })

  it('padding text: same, valid, whole numbers; anything else is refused', () => {
    expect(parsePadding(' same ')).toBe('same')
    expect(parsePadding('VALID')).toBe('valid')
    expect(parsePadding('3')).toBe(3)
    expect(parsePadding('-1')).toBeNull()
    expect(parsePadding('1.5')).toBeNull()
    expect(parsePadding('')).toBeNull()
  })

  it('a suggestion on a pooling layer sets its window', () => {
    const p: LayerSpec = { type: 'pool', mode: 'avg', size: 3 }
    expect(applySuggestion(p, { change: 'kernel', kernel: 2, stride: 2, padding: 0, out: 14, text: '' })).toEqual({ type: 'pool', mode: 'avg', size: 2, stride: 2, padding: 0 })
    expect(describeLayer(lenetPreset()[0])).toBe('conv 8 × 5×5 pad 2')
  })
})
