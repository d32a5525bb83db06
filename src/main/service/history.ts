// The run history on main's side: what the Runs panel and the command line ask of it beyond
// one run (find, annotate, delete many, trim, VACUUM, bundles in and out, merging shards).
// The work is the store thread's; this checks what only the service knows (which runs are
// running here) and tells every window that the list changed.

import { basename } from 'node:path'
import type { MethodParsed } from '../../shared/api'
import { LabError } from '../../shared/errors'
import type { BundleExport, ImportReport } from '../../shared/history'
import type { LabEvent } from '../../shared/types'
import { mergeShards } from '../jobs/shardRuns'
import type { StoreClient } from '../store/storeClient'
import type { BundleSource } from '../store/runHistory'

export interface HistoryDeps {
  store: StoreClient
  emit: (event: LabEvent) => void
  isRunning: (runId: number) => boolean
}

export class HistoryService {
  private importing = false

  constructor(private readonly deps: HistoryDeps) {}

  async annotate(input: MethodParsed<'runs.annotate'>) {
    const summary = await this.deps.store.annotate(input)
    this.changed()
    return summary
  }

  async deleteMany(runIds: readonly number[]): Promise<{ deleted: number }> {
    this.notRunning(runIds, 'delete it')
    const deleted = await this.deps.store.deleteRuns(runIds)
    this.changed()
    return { deleted }
  }

  async dropArtifacts(runIds: readonly number[]): Promise<{ runs: number; bytesFreed: number }> {
    this.notRunning(runIds, 'delete its artifacts')
    const r = await this.deps.store.dropArtifacts(runIds)
    this.changed()
    return r
  }

  async vacuum(): Promise<{ before: number; after: number }> {
    const r = await this.deps.store.vacuum()
    this.changed()
    return r
  }

  async exportBundle(runIds: readonly number[]): Promise<BundleExport> {
    this.notRunning(runIds, 'export it')
    const { filename, bytes, runs } = await this.deps.store.exportBundle(runIds)
    return { filename, bytes: bytes!, runs }
  }

  /** Write a bundle of these runs to a file (the command line). */
  async exportFile(runIds: readonly number[], file: string): Promise<{ size: number; runs: number }> {
    this.notRunning(runIds, 'export it')
    const { size, runs } = await this.deps.store.exportBundle(runIds, file)
    return { size, runs }
  }

  /** 'runs.import': bundles sent from the Runs panel. */
  import(input: MethodParsed<'runs.import'>): Promise<ImportReport> {
    return this.importSources(
      input.files.map((f) => ({ name: basename(f.name), bytes: f.bytes })),
      input.merge,
      input.name
    )
  }

  /** Bundle files named on the command line. */
  importFiles(files: readonly string[], merge: boolean, name?: string): Promise<ImportReport> {
    return this.importSources(
      files.map((file) => ({ name: basename(file), file })),
      merge,
      name
    )
  }

  private async importSources(sources: BundleSource[], merge: boolean, name?: string): Promise<ImportReport> {
    if (this.importing) throw new LabError('busy', 'Another import is in progress: try again when it has finished.')
    this.importing = true
    try {
      if (!merge) return await this.deps.store.importBundles(sources)
      const bundles = await this.deps.store.readBundles(sources)
      const merged = mergeShards(bundles, name)
      const runIds = await this.deps.store.importRuns([merged])
      return { runIds, files: sources.length, runsRead: bundles.reduce((n, b) => n + b.runs.length, 0), merged: true }
    } finally {
      this.importing = false
      this.changed()
    }
  }

  private notRunning(runIds: readonly number[], what: string): void {
    const running = runIds.find((id) => this.deps.isRunning(id))
    if (running !== undefined) throw new LabError('conflict', `Run ${running} is still running: stop or cancel it before you ${what}. Nothing was changed.`)
  }

  private changed(): void {
    this.deps.emit({ type: 'runs.changed' })
  }
}
