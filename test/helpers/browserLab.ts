// Browser mode over the real service, in this process, on a fresh temp folder with a one-page
// static dir: for tests that talk to it as a browser (or an attacker) would.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLab } from '../../src/main/app/createLab'
import { startBrowserServer, type BrowserServer } from '../../src/main/browser/server'
import type { LabService } from '../../src/main/service/labService'
import { tempDir } from './tempDir'

export interface BrowserLab {
  lab: LabService
  server: BrowserServer
  close(): Promise<void>
}

export async function startBrowserLab(log?: (line: string) => void): Promise<BrowserLab> {
  const tmp = tempDir()
  const staticDir = join(tmp.dir, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>')
  const lab = await createLab({ dataDir: join(tmp.dir, 'data'), transport: 'browser', workers: 1 })
  const server = await startBrowserServer({ service: lab, staticDir, log })
  return {
    lab,
    server,
    async close() {
      await server.close()
      await lab.close()
      tmp.remove()
    }
  }
}
