// Web Worker for the Fig. 12 grid: a big photograph through four layers takes longer than a
// frame, so the page hands it here. One request in, the grid (buffers transferred) out.

import { setMatmulBackend } from '../../engine/tensor/matmul'
import { runStack, type StackRequest } from './cnnStack'

// The page's CSP forbids compiling WebAssembly: go straight to the TypeScript products.
setMatmulBackend('ts')

interface In {
  id: number
  req: StackRequest
}

const ctx = self as unknown as { onmessage: ((e: MessageEvent<In>) => void) | null; postMessage(m: unknown, transfer?: Transferable[]): void }

ctx.onmessage = (e) => {
  const { id, req } = e.data
  const t0 = performance.now()
  try {
    const grid = runStack(req)
    const transfer = grid.flat().map((m) => m.data.buffer as ArrayBuffer)
    ctx.postMessage({ id, ok: true, grid, ms: performance.now() - t0 }, transfer)
  } catch (err) {
    ctx.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) })
  }
}
