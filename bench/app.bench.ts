// The app's responsiveness: the main process's event-loop delay while simulations stream
// frames to a browser-mode client, and the time from jobs.start to the first frame there.
// Both go through the real service, worker pool, store and WebSocket transport; the client is
// a Node WebSocket speaking the renderer's protocol (src/shared/codec).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import WebSocket from 'ws'
import { createLab } from '../src/main/app/createLab'
import { startBrowserServer, type BrowserServer } from '../src/main/browser/server'
import type { LabService } from '../src/main/service/labService'
import { decodeMessage, encodeMessage } from '../src/shared/codec'
import { isingLive } from '../src/shared/kinds/ising'
import type { BenchCase } from './harness'

interface Rig {
  lab: LabService
  server: BrowserServer
  ws: WebSocket
  dir: string
  call(method: string, input: unknown): Promise<unknown>
  onEvent(l: (e: { type: string; runId?: number }) => void): () => void
  close(): Promise<void>
}

async function rig(workers: number): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'physml-bench-'))
  mkdirSync(join(dir, 'static'))
  writeFileSync(join(dir, 'static', 'index.html'), '')
  const lab = await createLab({ dataDir: join(dir, 'data'), transport: 'browser', workers })
  const server = await startBrowserServer({ service: lab, staticDir: join(dir, 'static') })
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)
  await new Promise((r) => ws.once('open', r))
  const listeners = new Set<(e: { type: string; runId?: number }) => void>()
  const pending = new Map<number, (v: unknown) => void>()
  let id = 0
  ws.on('message', (d: Buffer) => {
    const msg = decodeMessage(new Uint8Array(d)) as { id?: number; envelope?: { ok: boolean; value: unknown }; event?: { type: string } }
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.envelope?.value)
    else if (msg.event) for (const l of listeners) l(msg.event)
  })
  return {
    lab,
    server,
    ws,
    dir,
    call: (method, input) =>
      new Promise((resolve) => {
        pending.set(++id, resolve)
        ws.send(encodeMessage({ id, method, input }))
      }),
    onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
    async close() {
      ws.close()
      await server.close()
      await lab.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

let r: Rig

const eventLoop = (L: number): BenchCase => ({
  name: 'app.main.eventloop.p99',
  unit: 'ms',
  params: { simulations: 2, L, seconds: 3 },
  repeats: 3,
  setup: async () => {
    r = await rig(2)
  },
  measure: async () => {
    const ids = await Promise.all(
      [1, 2].map(async (seed) => ((await r.call('jobs.start', { kind: isingLive.kind, params: { L, T: 2.269, sweeps: 0 }, seed, keep: false })) as { runId: number }).runId)
    )
    let frames = 0
    const off = r.onEvent((e) => {
      if (e.type === 'job.frame') frames++
    })
    await new Promise((res) => setTimeout(res, 500)) // workers warm, frames flowing
    const h = monitorEventLoopDelay({ resolution: 1 })
    h.enable()
    await new Promise((res) => setTimeout(res, 3000))
    h.disable()
    off()
    for (const runId of ids) await r.call('jobs.cancel', { runId })
    if (frames === 0) throw new Error('no frames reached the client')
    return h.percentile(99) / 1e6
  },
  teardown: () => r.close()
})

const firstFrame = (warm: boolean): BenchCase => ({
  name: warm ? 'app.firstFrame.warm' : 'app.firstFrame.cold',
  unit: 'ms',
  params: { L: 256, worker: warm ? 'warm' : 'new' },
  repeats: warm ? 7 : 3,
  setup: async () => {
    if (warm) {
      r = await rig(1)
      const { runId } = (await r.call('jobs.start', { kind: isingLive.kind, params: { L: 16, T: 2, sweeps: 10 }, keep: false })) as { runId: number }
      await new Promise<void>((res) => {
        const off = r.onEvent((e) => {
          if (e.type === 'job.status' && e.runId === runId && (e as { status?: string }).status === 'done') off(), res()
        })
      })
    }
  },
  measure: async () => {
    if (!warm) r = await rig(1)
    const t0 = performance.now()
    let runId = -1
    const got = new Promise<number>((res) => {
      const off = r.onEvent((e) => {
        if (e.type === 'job.frame' && e.runId === runId) off(), res(performance.now() - t0)
      })
    })
    runId = ((await r.call('jobs.start', { kind: isingLive.kind, params: { L: 256, T: 2.269, sweeps: 0 }, keep: false })) as { runId: number }).runId
    const ms = await got
    await r.call('jobs.cancel', { runId })
    if (!warm) await r.close()
    return ms
  },
  teardown: async () => {
    if (warm) await r.close()
  }
})

export const benches: BenchCase[] = [eventLoop(512), eventLoop(64), firstFrame(false), firstFrame(true)]
