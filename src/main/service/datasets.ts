// Image datasets on main's side: importing an IDX pair (MNIST's own format, e.g. Fashion-MNIST)
// as a kept imported-dataset run (src/shared/kinds/importedDataset.ts), and handing the renderer a few images by index — of the bundled
// digits or of an imported set — for galleries of misclassified items and samples.
//
// Main never blocks on big work: gzip is undone as a stream in libuv's thread pool, with a
// running cap at what one dataset can hold (idxInflate.ts), the database is written by the
// store thread, and the bundled digits file is read once, asynchronously, when first asked for.
// One import at a time: each may hold half a gigabyte.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DigitImages, ImportedDataset, MethodParsed } from '../../shared/api'
import { LabError } from '../../shared/errors'
import type { LabEvent } from '../../shared/types'
import { decodeDigits } from '../../engine/data/digits'
import { idxDataset } from '../../engine/data/idx'
import { classCounts, type LabeledImages } from '../../engine/data/images'
import { resourcesDir } from '../app/paths'
import { importedDataset, type ImportedDatasetResult } from '../../shared/kinds/importedDataset'
import type { StoreClient } from '../store/storeClient'
import { loadImportedDataset } from '../jobs/storedInputs'
import { MAX_BLOB_BYTES } from '../store/limits'
import { inflateIdx } from './idxInflate'

/** Data bytes an images file may declare: one artifact of the store. Labels: one byte per image. */
const MAX_IMAGE_DATA = MAX_BLOB_BYTES
const MAX_LABEL_DATA = 64 * 1024 * 1024

export interface DatasetServiceDeps {
  store: StoreClient
  emit: (event: LabEvent) => void
  /** The bundled digits file (tests may point elsewhere). */
  digitsFile?: string
}

/** A fresh buffer holding only `view`'s bytes (a view may pin a much larger message buffer). */
const own = (view: Uint8Array): Uint8Array => (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice())

export class DatasetService {
  private digits: Promise<LabeledImages> | null = null
  /** The last imported set read for `digits()`: galleries ask for it again and again. */
  private cached: { key: string; data: Promise<LabeledImages> } | null = null
  private importing = false

  constructor(private readonly deps: DatasetServiceDeps) {}

  /**
   * 'datasets.import': validate first (gzip, magic numbers, dimensions, sizes, label count),
   * and only a valid pair becomes a run: a refused import writes nothing.
   */
  async importIdx(input: MethodParsed<'datasets.import'>): Promise<ImportedDataset> {
    if (this.importing) throw new LabError('busy', 'Another import is in progress: try again when it has finished.')
    this.importing = true
    try {
      return await this.importPair(input)
    } finally {
      this.importing = false
    }
  }

  private async importPair(input: MethodParsed<'datasets.import'>): Promise<ImportedDataset> {
    const labels = await inflateIdx(input.labels, 'labels', MAX_LABEL_DATA)
    const images = await inflateIdx(input.images, 'images', MAX_IMAGE_DATA)
    let ds: LabeledImages
    try {
      ds = idxDataset(images.bytes, labels.bytes)
    } catch (e) {
      throw new LabError('invalid', `Not imported: ${e instanceof Error ? e.message : String(e)}.`)
    }
    const counts = classCounts(ds.labels, ds.classes)
    const { store, emit } = this.deps
    const runId = await store.createRun({
      kind: importedDataset.kind,
      name: input.name,
      params: { name: input.name, files: { images: images.info, labels: labels.info } },
      seed: 0,
      kept: true
    })
    try {
      await store.putArtifact(runId, 'images', own(ds.pixels), { count: ds.count, rows: ds.rows, cols: ds.cols, layout: 'count×rows×cols, row-major, 0..255' })
      await store.putArtifact(runId, 'labels', own(ds.labels), { count: ds.count, classes: ds.classes })
      const empty = counts.map((c, k) => (c === 0 ? k : -1)).filter((k) => k >= 0)
      await store.log(
        runId,
        `Imported ${ds.count} images of ${ds.rows}×${ds.cols} pixels in ${ds.classes} classes` +
          (empty.length ? `; no images of class${empty.length > 1 ? 'es' : ''} ${empty.join(', ')}` : '') +
          '.'
      )
      const result: ImportedDatasetResult = { count: ds.count, rows: ds.rows, cols: ds.cols, classes: ds.classes, classCounts: counts }
      await store.finishRun(runId, { status: 'done', result })
    } catch (e) {
      // Half a dataset is worse than none.
      await store.deleteRun(runId).catch(() => undefined)
      throw e
    } finally {
      emit({ type: 'runs.changed' })
    }
    return { runId, count: ds.count, rows: ds.rows, cols: ds.cols, classes: ds.classes, classCounts: counts }
  }

  /** 'data.digits': the images at `indices` of the bundled digits or of an imported set. */
  async images(input: MethodParsed<'data.digits'>): Promise<DigitImages> {
    const ds = input.dataset === 'mnist' ? await this.bundled() : await this.imported(input.dataset.importedId)
    const px = ds.rows * ds.cols
    const n = input.indices.length
    const pixels = new Uint8Array(n * px)
    const labels = new Uint8Array(n)
    input.indices.forEach((item, i) => {
      if (item >= ds.count) throw new LabError('invalid', `image index ${item} is out of range: the dataset has ${ds.count} images`)
      pixels.set(ds.pixels.subarray(item * px, (item + 1) * px), i * px)
      labels[i] = ds.labels[item]
    })
    return { rows: ds.rows, cols: ds.cols, classes: ds.classes, count: ds.count, pixels, labels }
  }

  private bundled(): Promise<LabeledImages> {
    if (!this.digits) {
      const file = this.deps.digitsFile ?? join(resourcesDir(), 'mnist', 'digits.bin')
      this.digits = readFile(file).then(
        (b) => decodeDigits(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)),
        () => {
          throw new LabError('internal', `the bundled MNIST digits are missing (${file}): run \`npx tsx scripts/build-mnist.ts\``)
        }
      )
      // A failure is not cached: the file may be rebuilt while the app runs.
      this.digits.catch(() => (this.digits = null))
    }
    return this.digits
  }

  private async imported(id: number): Promise<LabeledImages> {
    // Keyed by id and creation time: a deleted dataset's id may be given to a new run.
    const summary = await this.deps.store.getSummary(id)
    const key = `${id}@${summary.createdAt}`
    if (this.cached?.key === key) return this.cached.data
    const data = loadImportedDataset(this.deps.store, id)
    this.cached = { key, data }
    data.catch(() => {
      if (this.cached?.data === data) this.cached = null
    })
    return data
  }
}
