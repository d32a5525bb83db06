// Browser mode's transport: token, Host and Origin checks, and the codec over a real WebSocket.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createLab } from '../../src/main/app/createLab'
import { startBrowserServer, type BrowserServer } from '../../src/main/browser/server'
import type { LabService } from '../../src/main/service/labService'
import { decodeMessage, encodeMessage } from '../../src/shared/codec'
import { tempDir } from '../helpers/tempDir'

const tmp = tempDir()
let lab: LabService
let server: BrowserServer

beforeAll(async () => {
  const staticDir = join(tmp.dir, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>')
  lab = await createLab({ dataDir: join(tmp.dir, 'data'), transport: 'browser', workers: 1 })
  server = await startBrowserServer({ service: lab, staticDir })
})
afterAll(async () => {
  await server.close()
  await lab.close()
  tmp.remove()
})

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
    ws.close()
  })

  it('streams a job\'s frames as typed arrays', async () => {
    const ws = await connect(`?token=${server.token}`)
    const frame = new Promise<{ data: Int8Array; meta: { L: number } }>((resolve) => {
      ws.on('message', (d: Buffer) => {
        const msg = decodeMessage(new Uint8Array(d)) as { event?: { type: string; data: Int8Array; meta: { L: number } } }
        if (msg.event?.type === 'job.frame') resolve(msg.event)
      })
    })
    const started = await request(ws, 3, 'jobs.start', { kind: 'ising.live', params: { L: 24, T: 2, sweeps: 2000 }, seed: 1 })
    expect(started.envelope.ok).toBe(true)
    const f = await frame
    expect(f.data).toBeInstanceOf(Int8Array)
    expect(f.data.length).toBe(24 * 24)
    expect(f.meta.L).toBe(24)
    await request(ws, 4, 'jobs.cancel', { runId: (started.envelope.value as { runId: number }).runId })
    ws.close()
  })
})
