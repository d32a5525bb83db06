// Browser mode in a child process (test/fixtures/browserServerChild.ts), watched from outside:
// its memory as it reports it, requests and events over a real WebSocket client, a client
// that never reads, and how long it takes to exit after a signal.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { decodeMessage, encodeMessage } from '../../src/shared/codec'
import type { LabEvent } from '../../src/shared/types'
import { rawWebSocket, type RawSocket } from './rawWebSocket'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface ServerProcess {
  child: ChildProcess
  port: number
  token: string
  /** The child's resident set size as last reported (bytes). */
  rss(): number
  /** Main's own V8 heap and external memory (ArrayBuffers, Buffers) as last reported. */
  memory: { rss: number; heapUsed: number; external: number }
  /** Log lines the server printed. */
  logs: string[]
  /** Resolves with the exit code once the child has exited. */
  exited: Promise<number | null>
}

export function startServerProcess(dir: string, workers = 1): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'test/fixtures/browserServerChild.ts', dir, String(workers)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const memory = { rss: 0, heapUsed: 0, external: 0 }
  const logs: string[] = []
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    let partial = ''
    child.stdout!.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n')
      partial = lines.pop()!
      for (const line of lines) {
        const [word, ...rest] = line.split(' ')
        if (word === 'mem') [memory.rss, memory.heapUsed, memory.external] = rest.map(Number)
        else if (word === 'log') logs.push(rest.join(' '))
        else if (word === 'ready') resolve({ child, port: Number(rest[0]), token: rest[1], rss: () => memory.rss, memory, logs, exited })
      }
    })
    child.on('exit', (code) => reject(new Error(`the server process exited before it was ready (code ${code}): ${stderr}`)))
  })
}

export interface LabClient {
  ws: WebSocket
  call<T = unknown>(method: string, input: unknown): Promise<T>
  /** Every event received so far. */
  events: LabEvent[]
  /** Resolves with the first event (received from now on) that `match` accepts. */
  next(match: (e: LabEvent) => boolean): Promise<LabEvent>
  /** Bytes of events received so far. */
  bytes(): number
}

export function connectClient(port: number, token: string): Promise<LabClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`)
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  const waiters = new Set<{ match: (e: LabEvent) => boolean; resolve(e: LabEvent): void }>()
  const events: LabEvent[] = []
  let bytes = 0
  let nextId = 1
  ws.on('message', (data: Buffer) => {
    bytes += data.byteLength
    const msg = decodeMessage(new Uint8Array(data)) as { id?: number; envelope?: { ok: boolean; value?: unknown; error?: { message: string } }; event?: LabEvent }
    if (msg.event) {
      // Metric events are counted, not kept: a fast run sends hundreds a second.
      if (msg.event.type !== 'job.metrics' && msg.event.type !== 'job.frame') events.push(msg.event)
      for (const w of waiters)
        if (w.match(msg.event)) {
          waiters.delete(w)
          w.resolve(msg.event)
        }
      return
    }
    const p = msg.id === undefined ? undefined : pending.get(msg.id)
    if (!p || !msg.envelope) return
    pending.delete(msg.id!)
    if (msg.envelope.ok) p.resolve(msg.envelope.value)
    else p.reject(new Error(msg.envelope.error?.message ?? 'refused'))
  })
  return new Promise((resolve, reject) => {
    ws.once('error', reject)
    ws.once('open', () =>
      resolve({
        ws,
        events,
        bytes: () => bytes,
        call: <T>(method: string, input: unknown) =>
          new Promise<T>((res, rej) => {
            const id = nextId++
            pending.set(id, { resolve: res as (v: unknown) => void, reject: rej })
            ws.send(encodeMessage({ id, method, input }))
          }),
        next: (match) => new Promise((res) => waiters.add({ match, resolve: res }))
      })
    )
  })
}

/** A WebSocket client that completes the handshake and then never reads a byte. */
export async function stalledClient(port: number, token: string): Promise<RawSocket> {
  const raw = await rawWebSocket(port, `/ws?token=${token}`)
  raw.socket.pause()
  return raw
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
