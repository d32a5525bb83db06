// Browser mode against a client that breaks the WebSocket protocol: every malformed frame
// closes only that client's socket, with the status code RFC 6455 gives it, and one log
// line; the server goes on serving, and a sweep that runs meanwhile ends `done`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { BrowserServer } from '../../src/main/browser/server'
import type { LabService } from '../../src/main/service/labService'
import { MAX_REQUEST_BYTES } from '../../src/shared/api'
import { decodeMessage, encodeMessage } from '../../src/shared/codec'
import { waitForEnd } from '../helpers/testLab'
import { closeCode, frame, hugeFrameHeader, rawWebSocket } from '../helpers/rawWebSocket'
import { startBrowserLab, type BrowserLab } from '../helpers/browserLab'

let lab: LabService
let server: BrowserServer
let env: BrowserLab
const logged: string[] = []
beforeAll(async () => {
  env = await startBrowserLab((line) => logged.push(line))
  ;({ lab, server } = env)
})
afterAll(() => env.close())

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

type Reply = { id: number; envelope: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }

/** Send requests on one socket and collect every answer by id. */
function requestAll(ws: WebSocket, requests: { id: number; method: string; input: unknown }[]): Promise<Map<number, Reply>> {
  return new Promise((resolve) => {
    const answers = new Map<number, Reply>()
    const onMessage = (data: Buffer): void => {
      const msg = decodeMessage(new Uint8Array(data)) as Reply
      if (typeof msg.id !== 'number') return
      answers.set(msg.id, msg)
      if (answers.size === requests.length) {
        ws.off('message', onMessage)
        resolve(answers)
      }
    }
    ws.on('message', onMessage)
    for (const r of requests) ws.send(encodeMessage(r))
  })
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

// name, the frame bytes, the close code the server must send (RFC 6455 §7.4.1)
const malformed: [string, () => Buffer, number][] = [
  ['an unmasked client frame', () => frame({ opcode: 0x2, payload: utf8('hello'), masked: false }), 1002],
  ['a reserved opcode (0x3)', () => frame({ opcode: 0x3, payload: utf8('x') }), 1002],
  ['RSV1 set without a negotiated extension', () => frame({ opcode: 0x2, rsv1: true, payload: utf8('x') }), 1002],
  ['invalid UTF-8 in a text frame', () => frame({ opcode: 0x1, payload: Uint8Array.from([0x68, 0xc3, 0x28]) }), 1007],
  ['a declared length over the limit', () => hugeFrameHeader(MAX_REQUEST_BYTES + 1), 1009]
]

describe('malformed WebSocket frames', () => {
  it('each closes only its own socket, with the right code and one log line, while a sweep runs on to `done`', async () => {
    const client = await connect()
    const started = await requestAll(client, [
      {
        id: 1,
        method: 'jobs.start',
        input: { kind: 'ising.sweep', params: { sizes: [16, 24], range: { Tmin: 2, Tmax: 2.6, points: 3 }, equilibrationSweeps: 200, measurementSweeps: 20000 }, seed: 7 }
      }
    ])
    const { runId } = started.get(1)!.envelope.value as { runId: number }
    const end = waitForEnd(lab, runId)

    for (const [what, bytes, code] of malformed) {
      const before = logged.length
      const raw = await rawWebSocket(server.port, `/ws?token=${server.token}`)
      raw.socket.write(bytes())
      await raw.closed
      expect(closeCode(raw.received()), what).toBe(code)
      expect(logged.length - before, what).toBe(1)
      expect(logged[logged.length - 1], what).toMatch(new RegExp(`closed a WebSocket client .+: .+ \\(${code}\\)`))
      // The well-behaved client on its own socket is still served.
      const info = await requestAll(client, [{ id: 100 + code, method: 'app.info', input: {} }])
      expect(info.get(100 + code)!.envelope.ok, what).toBe(true)
    }
    expect(lab.jobs.isRunning(runId)).toBe(true) // the frames really arrived while it ran
    expect((await end).status).toBe('done')
    client.close()
  })
})

describe('requests in flight', () => {
  it('answers every request; those beyond the bound per connection get a clear `busy` error', async () => {
    const ws = await connect()
    const requests = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, method: 'runs.list', input: {} }))
    const answers = await requestAll(ws, requests)
    expect(answers.size).toBe(300)
    const busy = [...answers.values()].filter((a) => !a.envelope.ok)
    expect(busy.length).toBeGreaterThan(0)
    for (const b of busy) {
      expect(b.envelope.error?.code).toBe('busy')
      expect(b.envelope.error?.message).toMatch(/Too many requests at once/)
    }
    // Once the burst is answered, the same connection is served again.
    const again = await requestAll(ws, [{ id: 1000, method: 'app.info', input: {} }])
    expect(again.get(1000)!.envelope.ok).toBe(true)
    ws.close()
  })
})
