// The engine runs its jobs in worker threads: its WebAssembly kernels (Wolff, 128-spin
// multispin, GEMM) must compile there, on Node 20, and give the same run as the TypeScript
// fallback.
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { expect, it } from 'vitest'

it('the WebAssembly kernels load in a worker thread and run the fallback’s chain', async () => {
  const worker = new Worker(join(__dirname, '../fixtures/wasmKernelsWorker.ts'), { execArgv: ['--require', 'tsx/cjs'] })
  const report = await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  await worker.terminate()
  expect(report).toEqual({ wolff: true, multispin: true, gemm: true, sameRun: true })
})
