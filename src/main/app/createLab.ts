// Bootstraps the lab for any front: the store thread on a data folder, the worker pool, the service.

import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { WorkerPool } from '../jobs/pool'
import { LabService } from '../service/labService'
import { setAsideDamaged } from '../store/damaged'
import { openStoreThread, type StoreClient } from '../store/storeClient'
import { LabError } from '../../shared/errors'
import { appVersion, databaseFile } from './paths'
import type { AppInfo } from '../../shared/types'

export interface CreateLabOptions {
  dataDir: string
  transport: AppInfo['transport']
  /** better-sqlite3 addon built for this runtime (Electron's own ABI); default: node_modules' Node build. */
  nativeBinding?: string
  workers?: number
  /** Memory one job may hold; default: half of the machine's (src/main/jobs/jobLimits.ts). */
  memoryLimitBytes?: number
  /** Only read runs (`physml runs`, `kinds`, `export`): start no jobs, clean up after no one. */
  readOnly?: boolean
  /**
   * The user's answer to a damaged database: keep it under another name beside it and start a
   * new one (`onSetAside` is told the name). Without it a damaged file is refused ('damaged').
   */
  newDatabaseIfDamaged?: boolean
  onSetAside?: (keptAs: string) => void
}

export async function createLab(opts: CreateLabOptions): Promise<LabService> {
  const dataDir = resolve(opts.dataDir)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const version = appVersion()
  const file = databaseFile(dataDir)
  const open = (): Promise<StoreClient> => openStoreThread({ file, nativeBinding: opts.nativeBinding, appVersion: version, readOnly: opts.readOnly })
  let store: StoreClient
  try {
    store = await open()
  } catch (e) {
    if (!(e instanceof LabError && e.code === 'damaged' && opts.newDatabaseIfDamaged)) throw e
    opts.onSetAside?.(setAsideDamaged(file))
    store = await open()
  }
  const pool = new WorkerPool({ size: opts.workers, memoryLimitBytes: opts.memoryLimitBytes })
  // A worker takes ~0.3 s to load (the kinds' schemas, the engine): load one while the window
  // opens, so the first Start answers at once. A one-shot CLI command has nothing to gain.
  if (opts.transport !== 'cli') pool.warm()
  return new LabService({
    store,
    pool,
    info: { version, dataDir, transport: opts.transport, workers: pool.size }
  })
}
