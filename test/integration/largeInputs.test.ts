// Large requests against browser mode, with the event loop watched: what is too large is
// refused by its size before it is parsed or validated, with a short message; the largest
// legitimate request (a full Hopfield library, sent as bytes) is taken without a long block.
// The server runs in this process, so the loop measured here is the server's own.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { BrowserServer } from '../../src/main/browser/server'
import type { LabService } from '../../src/main/service/labService'
import { MAX_REQUEST_BYTES } from '../../src/shared/api'
import { decodeMessage, encodeMessage } from '../../src/shared/codec'
import type { Envelope } from '../../src/shared/errors'
import { MAX_ISSUES } from '../../src/shared/validate'
import { startBrowserLab, type BrowserLab } from '../helpers/browserLab'

let lab: LabService
let server: BrowserServer
let env: BrowserLab
beforeAll(async () => {
  env = await startBrowserLab(() => undefined)
  ;({ lab, server } = env)
})
afterAll(() => env.close())

/**
 * Send prepared bytes on a fresh connection and wait for the answer to `id` (or for the server
 * to close the connection: `closed` is its code); the longest stall of the event loop meanwhile, in ms.
 */
async function timed(id: number, bytes: Uint8Array): Promise<{ envelope?: Envelope<unknown>; closed?: number; blockedMs: number }> {
  // A zero mask: the client then sends the prepared bytes as they are, costing this loop nothing.
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { generateMask: (mask) => void mask.fill(0) })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const h = monitorEventLoopDelay({ resolution: 5 })
  const outcome = new Promise<{ envelope?: Envelope<unknown>; closed?: number }>((resolve) => {
    ws.on('message', (d: Buffer) => {
      const msg = decodeMessage(new Uint8Array(d)) as { id?: number; envelope: Envelope<unknown> }
      if (msg.id === id) resolve({ envelope: msg.envelope })
    })
    ws.once('close', (code) => resolve({ closed: code }))
  })
  h.enable()
  ws.send(bytes)
  const got = await outcome
  h.disable()
  ws.close()
  return { ...got, blockedMs: h.max / 1e6 }
}

const N = 4096 // 64×64, the largest grid
const P = 4096 // the schema's largest library
const pixel = (k: number, i: number): number => (((i * 7 + k * 13) >> 2) % 3 === 0 ? -1 : 1)

/** Generous for a loaded 2-core machine; the failures this guards against blocked for seconds. */
const MAX_BLOCK_MS = 250
/**
 * The largest legitimate request moves 16 MiB through main twice (to the store thread and to
 * a worker) and checks 16.7M pixels: ~0.25–0.4 s on this loaded 2-core machine, where the same
 * library as JSON blocked for ~12 s before.
 */
const MAX_BLOCK_LARGEST_MS = 1000

describe('large requests and the main event loop', () => {
  it('closes the connection of a 42 MB hopfield.recall of JSON numbers as too big (1009), without reading it', async () => {
    const patterns = Array.from({ length: P }, (_, k) => Array.from({ length: N }, (_, i) => pixel(k, i)))
    const bytes = encodeMessage({ id: 1, method: 'jobs.start', input: { kind: 'hopfield.recall', params: { width: 64, height: 64, patterns } } })
    expect(bytes.byteLength).toBeGreaterThan(35e6)
    const { closed, blockedMs } = await timed(1, bytes)
    expect(closed).toBe(1009)
    expect(blockedMs).toBeLessThan(MAX_BLOCK_MS)
    expect(await lab.invoke('runs.list', { includeScratch: true })).toEqual([])
  })

  it('refuses a 10 MB hopfield.recall of JSON numbers by the size of its JSON part, before parsing it', async () => {
    const patterns = Array.from({ length: 1000 }, (_, k) => Array.from({ length: N }, (_, i) => pixel(k, i)))
    const bytes = encodeMessage({ id: 2, method: 'jobs.start', input: { kind: 'hopfield.recall', params: { width: 64, height: 64, patterns } } })
    expect(bytes.byteLength).toBeGreaterThan(9e6)
    const { envelope, blockedMs } = await timed(2, bytes)
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid' } })
    if (envelope && !envelope.ok) expect(envelope.error.message).toMatch(/its JSON part is \d+\.\d MiB, more than 1\.0 MiB: large arrays must be sent as typed arrays/)
    expect(blockedMs).toBeLessThan(MAX_BLOCK_MS)
    expect(await lab.invoke('runs.list', { includeScratch: true })).toEqual([])
  })

  it('refuses a 16 MB object of 10⁶ keys by its size, with a short message', async () => {
    const params: Record<string, number> = {}
    for (let i = 0; i < 1e6; i++) params[`key${i}`] = i
    const bytes = encodeMessage({ id: 3, method: 'jobs.start', input: { kind: 'ising.live', params } })
    expect(bytes.byteLength).toBeGreaterThan(15e6)
    const { envelope, blockedMs } = await timed(3, bytes)
    expect(envelope?.ok).toBe(false)
    if (envelope && !envelope.ok) expect(envelope.error.message.length).toBeLessThan(300)
    expect(blockedMs).toBeLessThan(MAX_BLOCK_MS)
  })

  it('refuses an object of 10⁵ keys handed over already parsed (the Electron path) without listing them', async () => {
    const params: Record<string, number> = {}
    for (let i = 0; i < 1e5; i++) params[`key${i}`] = i
    const env = await lab.call('jobs.start', { kind: 'ising.live', params })
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid', message: 'The request is too large: an object in it has more than 256 keys.' } })
  })

  it('caps the list of validation issues', async () => {
    const env = await lab.call('jobs.start', { kind: 'ising.sweep', params: { sizes: [8], temperatures: new Array(1000).fill(-1) } })
    expect(env.ok).toBe(false)
    if (env.ok) return
    expect(env.error.issues).toHaveLength(MAX_ISSUES + 1)
    expect(env.error.issues![MAX_ISSUES]).toMatch(/… and \d+ more/)
    expect(env.error.message.length).toBeLessThan(2000)
  })

  it('takes the largest legitimate request — a full library of 4096 patterns of 64×64 as bytes — without a long block', async () => {
    const patterns = Array.from({ length: P }, (_, k) => Int8Array.from({ length: N }, (_, i) => pixel(k, i)))
    const bytes = encodeMessage({
      id: 4,
      method: 'jobs.start',
      input: { kind: 'hopfield.recall', params: { width: 64, height: 64, patterns, maxSweeps: 1 }, keep: false }
    })
    expect(bytes.byteLength).toBeGreaterThan(16 * 1024 * 1024)
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_REQUEST_BYTES)
    const { envelope, blockedMs } = await timed(4, bytes)
    expect(envelope?.ok).toBe(true)
    expect(blockedMs).toBeLessThan(MAX_BLOCK_LARGEST_MS)
    const { runId } = (envelope as { value: { runId: number } }).value
    await lab.invoke('jobs.cancel', { runId })
    // Stored as the numbers they are, so the run replays from its params.
    const detail = await lab.invoke('runs.get', { runId })
    const stored = detail.params.patterns as number[][]
    expect(stored).toHaveLength(P)
    expect(stored[4095].slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => pixel(4095, i)))
  })
})
