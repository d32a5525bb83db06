import { describe, expect, it } from 'vitest'
import { paramText } from '../../../src/renderer/lib/paramText'
import { LENET_ARCHITECTURE } from '../../../src/shared/kinds/cnn'

describe('paramText', () => {
  it('reads a CNN architecture as its layers in a line, as the builder names them', () => {
    const arch = [
      { type: 'conv', filters: 6, kernel: 5, padding: 2 },
      { type: 'activation', fn: 'relu' },
      { type: 'pool', mode: 'max', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10 }
    ]
    expect(paramText(arch)).toBe('conv 6 × 5×5 pad 2 → ReLU → max-pool 2×2 → flatten → dense 10')
    const lenet = paramText(LENET_ARCHITECTURE)
    expect(lenet).not.toMatch(/[{}"[\]]/)
    expect(lenet.split(' → ')).toHaveLength(LENET_ARCHITECTURE.length)
  })

  it('leaves what is not an architecture to fmtValue', () => {
    expect(paramText([{ type: 'sofa', legs: 4 }])).toBe('type: sofa\nlegs: 4')
    expect(paramText([784, 100, 10])).toBe('784, 100, 10')
    expect(paramText('wolff')).toBe('wolff')
  })
})
