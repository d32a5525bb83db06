// The Fig. 12 grid computed one feature map at a time, so the work can be spread over several
// tasks (in the page: yield between maps) or sent whole to a Web Worker. Each map is exactly
// the engine's applyFilterStack for one filter and one layer — conv ('same') + activation +
// pooling of the input that layer reads — so the grid equals applyFilterStack's (tested).

import { applyFilterStack, type FilterStackOptions, type HandFilter, type Map2d } from '../../engine/cnn/handFilters'

export interface StackRequest {
  image: Map2d
  filters: HandFilter[]
  layers: number
  options: Required<Pick<FilterStackOptions, 'activation' | 'leak' | 'feedFrom'>> & { pool: FilterStackOptions['pool'] }
}

/** Yields after every map; returns grid[layer][filter]. Throws naming the layer and filter. */
export function* stackSteps(req: StackRequest): Generator<number, Map2d[][], void> {
  const { image, filters, layers, options } = req
  const { feedFrom } = options
  if (feedFrom !== 'own' && (feedFrom < 0 || feedFrom >= filters.length)) throw new Error(`feedFrom must be 'own' or a filter index 0…${filters.length - 1}`)
  const grid: Map2d[][] = []
  let done = 0
  for (let l = 0; l < layers; l++) {
    const row: Map2d[] = []
    for (let k = 0; k < filters.length; k++) {
      const input = l === 0 ? image : grid[l - 1][feedFrom === 'own' ? k : feedFrom]
      try {
        row.push(applyFilterStack(input, [filters[k]], 1, { activation: options.activation, leak: options.leak, pool: options.pool })[0][0])
      } catch (e) {
        throw new Error(`layer ${l + 1}, filter “${filters[k].name}”: ${e instanceof Error ? e.message : String(e)}`)
      }
      yield ++done
    }
    grid.push(row)
  }
  return grid
}

/** The whole grid in one go (the worker's way). */
export function runStack(req: StackRequest): Map2d[][] {
  const it = stackSteps(req)
  for (;;) {
    const r = it.next()
    if (r.done) return r.value
  }
}
