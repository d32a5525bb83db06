// The real lab service (store thread, worker pool) on a fresh temp folder, for integration tests.
import { createLab } from '../../src/main/app/createLab'
import type { LabService } from '../../src/main/service/labService'
import type { LabEvent } from '../../src/shared/types'
import { tempDir } from './tempDir'

export interface TestLab {
  lab: LabService
  dir: string
  close(): Promise<void>
}

export async function startTestLab(workers = 2, transport: 'cli' | 'browser' = 'cli'): Promise<TestLab> {
  const tmp = tempDir()
  const lab = await createLab({ dataDir: tmp.dir, transport, workers })
  return {
    lab,
    dir: tmp.dir,
    async close() {
      await lab.close()
      tmp.remove()
    }
  }
}

/** The status event that ends a run (done, failed or cancelled). */
export function waitForEnd(lab: LabService, runId: number): Promise<LabEvent & { type: 'job.status' }> {
  return new Promise((resolve) => {
    const off = lab.subscribe((e) => {
      if (e.type === 'job.status' && e.runId === runId && ['done', 'failed', 'cancelled'].includes(e.status)) {
        off()
        resolve(e)
      }
    })
  })
}
