// A stored autoencoder run as its views use it: the result, the params, the network rebuilt
// from its weight artifacts (forward passes run here, in the page: decoding a point of the
// latent plane, denoising a digit at another noise level), the codes and losses of its
// analysis items with what is known of each (label, T and m, physical parameters), and the
// inputs of chosen items fetched from where they live (the digits, the Ising dataset run, the
// oscillator trajectories regenerated from their params).

import { autoencoderTrain, autoencoderTrainParams, type AutoencoderTrainParams } from '../../shared/kinds/autoencoder'
import type { RunDetail, TypedArray } from '../../shared/types'
import type { z } from 'zod'
import { createAutoencoder, importAutoencoderWeights, type Autoencoder } from '../../engine/autoencoder/model'
import { oscillatorSet, type OscillatorSet } from '../../engine/autoencoder/oscillator'
import { createRng } from '../../engine/rng'
import { call } from './lab'

export type AutoencoderResult = z.output<typeof autoencoderTrain.result>

export interface StoredAutoencoder {
  runId: number
  params: AutoencoderTrainParams
  result: AutoencoderResult
  ae: Autoencoder
  /** analysis items × latent */
  latents: Float32Array
  losses: Float32Array
  /** The dataset index of each analysis item. */
  items: Int32Array
  /** 0 train, 1 validation, 2 test, 3 held-out anomaly. */
  split: Uint8Array
  labels: Uint8Array | null
  T: Float64Array | null
  m: Float64Array | null
  /** items × 5: k/m, b/m, m, k, b. */
  physics: Float64Array | null
  baseline: Float32Array | null
  /** A VAE's prior samples, 64 × inputs. */
  samples: Float32Array | null
}

const PREFIX = 'ae.weights.'

function as<T extends TypedArray>(a: TypedArray | undefined, C: { new (n: number): T; from(x: ArrayLike<number>): T }): T | null {
  if (!a) return null
  return a instanceof C ? a : C.from(a)
}

export async function loadAutoencoderRun(runId: number, detail: RunDetail): Promise<StoredAutoencoder> {
  const result = autoencoderTrain.result.parse(detail.result)
  const params = autoencoderTrainParams.parse(detail.params)
  const names = new Set(detail.artifacts.map((a) => a.name))
  const layerNames = [...names].filter((n) => n.startsWith(PREFIX)).sort((a, b) => Number(a.slice(PREFIX.length)) - Number(b.slice(PREFIX.length)))
  const fetch = async (name: string): Promise<TypedArray | undefined> => (names.has(name) ? (await call('runs.artifact', { runId, name })).data : undefined)
  const [weights, latents, losses, items, split, labels, T, m, physics, baseline, samples] = await Promise.all([
    Promise.all(layerNames.map(fetch)),
    fetch('ae.latents'),
    fetch('ae.losses'),
    fetch('ae.items'),
    fetch('ae.split'),
    fetch('ae.labels'),
    fetch('ae.T'),
    fetch('ae.m'),
    fetch('ae.physics'),
    fetch('ae.baseline'),
    fetch('ae.samples')
  ])
  const ae = createAutoencoder(result.architecture, 'xavier', createRng(0))
  importAutoencoderWeights(
    ae,
    weights.map((w) => as(w, Float32Array) ?? new Float32Array(0))
  )
  return {
    runId,
    params,
    result,
    ae,
    latents: as(latents, Float32Array) ?? new Float32Array(0),
    losses: as(losses, Float32Array) ?? new Float32Array(0),
    items: as(items, Int32Array) ?? new Int32Array(0),
    split: as(split, Uint8Array) ?? new Uint8Array(0),
    labels: as(labels, Uint8Array),
    T: as(T, Float64Array),
    m: as(m, Float64Array),
    physics: as(physics, Float64Array),
    baseline: as(baseline, Float32Array),
    samples: as(samples, Float32Array)
  }
}

/** Spins of a stored Ising dataset, fetched once per run and kept. */
const spinCache = new Map<number, Promise<Int8Array>>()
/** Trajectories regenerated from an oscillator source, kept per source. */
const trajectoryCache = new Map<string, OscillatorSet>()

/**
 * The inputs of dataset items `indices` (each inputSize values, in the data's range), as the
 * network saw them: pixels / 255, spins ±1, positions x(t_j).
 */
export async function itemInputs(s: StoredAutoencoder, indices: readonly number[]): Promise<Float32Array> {
  const w = s.result.architecture.inputSize
  const out = new Float32Array(indices.length * w)
  const src = s.params.dataset
  if (src.source === 'mnist' || src.source === 'idx') {
    for (let start = 0; start < indices.length; start += 400) {
      const part = indices.slice(start, start + 400)
      const d = await call('data.digits', { indices: part, dataset: src.source === 'mnist' ? 'mnist' : { importedId: src.importedId } })
      for (let i = 0; i < part.length * w; i++) out[start * w + i] = d.pixels[i] / 255
    }
  } else if (src.source === 'ising') {
    let p = spinCache.get(src.runId)
    if (!p) {
      p = call('runs.artifact', { runId: src.runId, name: 'dataset' }).then((a) => Int8Array.from(a.data))
      spinCache.set(src.runId, p)
      p.catch(() => spinCache.delete(src.runId))
    }
    const spins = await p
    indices.forEach((item, r) => {
      for (let j = 0; j < w; j++) out[r * w + j] = spins[item * w + j]
    })
  } else {
    const key = JSON.stringify(src)
    let set = trajectoryCache.get(key)
    if (!set) {
      set = oscillatorSet(src)
      trajectoryCache.set(key, set)
    }
    indices.forEach((item, r) => out.set(set.x.subarray(item * w, (item + 1) * w), r * w))
  }
  return out
}
