// Browser mode's transport: token, Host and Origin checks, and the codec over a real WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { BrowserServer } from '../../src/main/browser/server'
import { decodeMessage, encodeMessage } from '../../src/shared/codec'
import { writeIdxImages, writeIdxLabels } from '../../src/engine/data/idx'
import { startBrowserLab, type BrowserLab } from '../helpers/browserLab'

let server: BrowserServer
let env: BrowserLab
beforeAll(async () => {
  env = await startBrowserLab()
  ;({ server } = env)
})
afterAll(() => env.close())

function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

function request(ws: WebSocket, id: number, method: string, input: unknown): Promise<{ id: number; envelope: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const msg = decodeMessage(new Uint8Array(data)) as { id?: number }
      if (msg.id === id) {
        ws.off('message', onMessage)
        resolve(msg as never)
      }
    }
    ws.on('message', onMessage)
    ws.send(encodeMessage({ id, method, input }))
  })
}

describe('HTTP', () => {
  it('serves the page with the token, and sets the cookie that later requests carry', async () => {
    const res = await fetch(server.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    // Named for the port: a second lab on this machine has its own cookie, not this one's.
    expect(cookie.startsWith(`physml_token_${server.port}=`)).toBe(true)
    const otherPort = await fetch(`http://127.0.0.1:${server.port}/index.html`, { headers: { cookie: `physml_token_1=${server.token}` } })
    expect(otherPort.status).toBe(401)
    const again = await fetch(`http://127.0.0.1:${server.port}/index.html`, { headers: { cookie: cookie.split(';')[0] } })
    expect(again.status).toBe(200)
  })

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(401)
    expect((await fetch(`http://127.0.0.1:${server.port}/?token=${server.token}x`)).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request: httpRequest } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      httpRequest({ host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end()
    })
    expect(status).toBe(421)
  })

  it('answers 400, not 500, to a malformed %-escape in the path', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/%E0%A4%A?token=${server.token}`)
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/malformed %-escape/)
    const lone = await fetch(`http://127.0.0.1:${server.port}/%?token=${server.token}`)
    expect(lone.status).toBe(400)
  })

  it('does not serve files outside its folder', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/..%2f..%2fpackage.json?token=${server.token}`)
    expect([403, 404]).toContain(res.status)
  })
})

describe('WebSocket', () => {
  it('refuses an upgrade without the token or from another origin', async () => {
    await expect(connect('')).rejects.toThrow(/401|Unexpected|socket hang up/)
    await expect(connect(`?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/401|Unexpected|socket hang up/)
  })

  it('answers method calls through the codec and refuses malformed messages', async () => {
    const ws = await connect(`?token=${server.token}`)
    const info = await request(ws, 1, 'app.info', {})
    expect(info.envelope).toMatchObject({ ok: true, value: { transport: 'browser' } })
    const bad = await request(ws, 2, 'jobs.start', { kind: 'ising.live', params: { L: 1, T: 2 } })
    expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'invalid' } })
    const garbage = await new Promise<unknown>((resolve) => {
      ws.once('message', (d: Buffer) => resolve(decodeMessage(new Uint8Array(d))))
      ws.send(Buffer.from([1, 2, 3, 4, 5, 6, 7]))
    })
    expect(garbage).toMatchObject({ envelope: { ok: false, error: { code: 'invalid' } } })
    // Packed spins may not unpack past the request's own size: 10⁷ sites claimed in 1.25 MB.
    const header = new TextEncoder().encode(JSON.stringify({ id: 5, method: 'app.info', input: { x: { $bin: 0, type: 'Int8Array', length: 1e7, packing: 'spin-bits' } } }))
    const forged = new Uint8Array(((4 + header.length + 7) & ~7) + 1e7 / 8)
    new DataView(forged.buffer).setUint32(0, header.length, true)
    forged.set(header, 4)
    const refused = await new Promise<unknown>((resolve) => {
      ws.once('message', (d: Buffer) => resolve(decodeMessage(new Uint8Array(d))))
      ws.send(forged)
    })
    expect(refused).toMatchObject({ id: 5, envelope: { ok: false, error: { code: 'invalid', message: 'Bad message: its packed spins would unpack to more than 1.2 MiB' } } })
    ws.close()
  })

  it('streams a job\'s frames as typed arrays, its spins one bit per site on the wire', async () => {
    const ws = await connect(`?token=${server.token}`)
    let wireBytes = 0
    const frame = new Promise<{ data: Int8Array; meta: { L: number } }>((resolve) => {
      ws.on('message', (d: Buffer) => {
        const msg = decodeMessage(new Uint8Array(d)) as { event?: { type: string; data: Int8Array; meta: { L: number } } }
        if (msg.event?.type === 'job.frame') {
          wireBytes = d.byteLength
          resolve(msg.event)
        }
      })
    })
    const started = await request(ws, 3, 'jobs.start', { kind: 'ising.live', params: { L: 24, T: 2, sweeps: 2000 }, seed: 1 })
    expect(started.envelope.ok).toBe(true)
    const f = await frame
    expect(f.data).toBeInstanceOf(Int8Array)
    expect(f.data.length).toBe(24 * 24)
    expect(f.data.every((s) => s === 1 || s === -1)).toBe(true)
    // 576 sites in 72 bytes, plus the JSON part: less than a byte per site.
    expect(wireBytes).toBeLessThan(24 * 24)
    expect(f.meta.L).toBe(24)
    await request(ws, 4, 'jobs.cancel', { runId: (started.envelope.value as { runId: number }).runId })
    ws.close()
  })
})

describe('uploads (POST /call)', () => {
  const origin = (): string => `http://127.0.0.1:${server.port}`
  const images = writeIdxImages({ count: 6, rows: 4, cols: 4, pixels: Uint8Array.from({ length: 96 }, (_, i) => (i * 37) % 256) })
  const labels = writeIdxLabels(Uint8Array.from({ length: 6 }, (_, i) => i % 3))
  const post = (body: Uint8Array, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${origin()}/call?token=${server.token}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream', origin: origin(), ...headers }
    })
  const envelopeOf = async (res: Response): Promise<{ id: number | null; envelope: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> =>
    decodeMessage(new Uint8Array(await res.arrayBuffer())) as never

  it('imports an IDX pair sent as an upload, and answers with the envelope', async () => {
    const res = await post(encodeMessage({ id: 9, method: 'datasets.import', input: { name: 'upload', images, labels } }))
    expect(res.status).toBe(200)
    const msg = await envelopeOf(res)
    expect(msg.id).toBe(9)
    expect(msg.envelope).toMatchObject({ ok: true, value: { count: 6, rows: 4, cols: 4, classes: 3 } })
  })

  it('refuses an upload from another origin, of another content type, or declared too large — before reading it', async () => {
    const body = encodeMessage({ id: 1, method: 'datasets.import', input: { name: 'x', images, labels } })
    expect((await post(body, { origin: 'http://evil.example' })).status).toBe(403)
    expect((await post(body, { 'content-type': 'text/plain' })).status).toBe(415)
    const { request: httpRequest } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `/call?token=${server.token}`,
          headers: { 'content-type': 'application/octet-stream', origin: origin(), 'content-length': String(2 ** 40) }
        },
        (res) => resolve(res.statusCode ?? 0)
      )
      req.on('error', () => undefined)
      req.write('abc') // the rest never comes: the answer must not wait for it
    })
    expect(status).toBe(413)
  })

  it('takes only upload methods, and the WebSocket refuses them', async () => {
    const viaPost = await envelopeOf(await post(encodeMessage({ id: 2, method: 'app.info', input: {} })))
    expect(viaPost.envelope).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/app.info is not an upload/) } })
    const ws = await connect(`?token=${server.token}`)
    const viaWs = await request(ws, 3, 'datasets.import', { name: 'x', images, labels })
    expect(viaWs.envelope).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/sent as an upload/) } })
    ws.close()
  })
})
