// Bootstraps the lab for any front: the store thread on a data folder, the worker pool, the service.

import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { WorkerPool } from '../jobs/pool'
import { LabService } from '../service/labService'
import { openStoreThread } from '../store/storeClient'
import { appVersion, databaseFile } from './paths'
import type { AppInfo } from '../../shared/types'

export interface CreateLabOptions {
  dataDir: string
  transport: AppInfo['transport']
  /** better-sqlite3 addon built for this runtime (Electron's own ABI); default: node_modules' Node build. */
  nativeBinding?: string
  workers?: number
  /** Only read runs (`physml runs`, `kinds`, `export`): start no jobs, clean up after no one. */
  readOnly?: boolean
}

export async function createLab(opts: CreateLabOptions): Promise<LabService> {
  const dataDir = resolve(opts.dataDir)
  mkdirSync(dataDir, { recursive: true })
  const version = appVersion()
  const store = await openStoreThread({ file: databaseFile(dataDir), nativeBinding: opts.nativeBinding, appVersion: version, readOnly: opts.readOnly })
  const pool = new WorkerPool({ size: opts.workers })
  return new LabService({
    store,
    pool,
    info: { version, dataDir, transport: opts.transport, workers: pool.size }
  })
}
