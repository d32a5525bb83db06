// Browser mode: the lab service behind a local HTTP + WebSocket server on 127.0.0.1.
// Every request must carry the per-start token (in the URL, or the cookie set from it);
// the Host header must name this server (no DNS rebinding), and WebSocket upgrades from
// another origin are refused. Requests and events travel as codec messages (src/shared/codec).

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeMessage, encodeMessage } from '../../shared/codec'
import type { LabService } from '../service/labService'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon'
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Frames are dropped for a client whose socket has this much unsent: the screen only needs the latest. */
const FRAME_BACKLOG_BYTES = 4 * 1024 * 1024
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024

export interface BrowserServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export async function startBrowserServer(opts: {
  service: LabService
  staticDir: string
  port?: number
  token?: string
}): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const tokenBytes = Buffer.from(token)
  let port = 0

  const tokenOk = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false
    const b = Buffer.from(candidate)
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes)
  }
  const requestToken = (req: IncomingMessage, url: URL): string | undefined => {
    const fromQuery = url.searchParams.get('token')
    if (fromQuery) return fromQuery
    const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith('physml_token='))
    return cookie?.slice('physml_token='.length)
  }
  const hostOk = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? ''
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`
  }

  const http: Server = createServer((req, res) => {
    void serveStatic(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal error: ${e instanceof Error ? e.message : String(e)}`)
    })
  })

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!hostOk(req)) return void res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request: unexpected Host header.\n')
    if (!tokenOk(requestToken(req, url)))
      return void res
        .writeHead(401, { 'content-type': 'text/plain' })
        .end('PhysML Lab: this address needs the token printed when the lab started (…/?token=…).\n')
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end()
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '')
    const file = normalize(join(opts.staticDir, rel))
    if (!file.startsWith(normalize(opts.staticDir) + sep)) return void res.writeHead(403).end()
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
    }
    const headers: Record<string, string> = {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': rel === 'index.html' ? 'no-store' : 'private, max-age=3600'
    }
    if (url.searchParams.has('token')) headers['set-cookie'] = `physml_token=${token}; HttpOnly; SameSite=Strict; Path=/`
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const origin = req.headers.origin
    const originOk = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
    if (url.pathname !== '/ws' || !hostOk(req) || !originOk || !tokenOk(requestToken(req, url))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nmissing or wrong token\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws))
  })

  const clients = new Set<WebSocket>()
  wss.on('connection', (ws) => {
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    ws.on('message', (data, isBinary) => void answer(ws, data as Buffer, isBinary))
  })

  async function answer(ws: WebSocket, data: Buffer, isBinary: boolean): Promise<void> {
    let id: unknown
    let reply: unknown
    try {
      if (!isBinary) throw new Error('expected a binary message')
      const msg = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) as Record<string, unknown>
      if (!msg || typeof msg !== 'object' || !Number.isInteger(msg.id)) throw new Error('message without an integer id')
      id = msg.id
      reply = { id, envelope: await opts.service.call(msg.method, msg.input) }
    } catch (e) {
      reply = { id: id ?? null, envelope: { ok: false, error: { code: 'invalid', message: `Bad message: ${e instanceof Error ? e.message : String(e)}` } } }
    }
    if (ws.readyState === ws.OPEN) ws.send(encodeMessage(reply))
  }

  const unsubscribe = opts.service.subscribe((event) => {
    if (clients.size === 0) return
    const bytes = encodeMessage({ event })
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue
      if (event.type === 'job.frame' && ws.bufferedAmount > FRAME_BACKLOG_BYTES) continue
      ws.send(bytes)
    }
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (http.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe()
      for (const ws of clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    }
  }
}
