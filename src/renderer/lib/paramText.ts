// A stored run's param or result value in the words of the lab: a CNN architecture as its
// layers in a line ("conv 6 × 5×5 → max-pool 2×2 → …", as the builder and Inspect say them),
// anything else as fmtValue writes it.

import type { LayerSpec } from '../../engine/cnn/cnnLayers'
import { CnnLayerSpec } from '../../shared/kinds/cnn'
import { describeLayer } from './cnnArchitecture'
import { fmtValue } from './format'

const Architecture = CnnLayerSpec.array().min(1)

export function paramText(v: unknown): string {
  const layers = Architecture.safeParse(v)
  if (layers.success) return layers.data.map((l) => describeLayer(l as LayerSpec)).join(' → ')
  return fmtValue(v)
}
