// Browser mode: the lab service behind a local HTTP + WebSocket server on 127.0.0.1.
// Every request must carry the per-start token (auth.ts). Requests and events travel as codec
// messages over the WebSocket (wsClients.ts); the few requests too large for it (imports) as
// an HTTP upload to /call (upload.ts); everything else is the built renderer (staticFiles.ts).

import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { MAX_REQUEST_BYTES } from '../../shared/api'
import type { LabService } from '../service/labService'
import { gate } from './auth'
import { serveStatic } from './staticFiles'
import { uploads } from './upload'
import { serveClients } from './wsClients'

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
  /** Where one line per refused connection goes (default: stderr). */
  log?: (line: string) => void
}): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const log = opts.log ?? ((line: string) => console.error(line))
  let port = 0
  const auth = gate(token, () => port)
  const upload = uploads(opts.service)

  const http = createServer((req, res) => {
    void route(req, res).catch((e: unknown) => {
      log(`[browser] ${req.method ?? '?'} failed: ${e instanceof Error ? e.message : String(e)}`)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error\n')
      else res.destroy()
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!auth.hostOk(req)) return void res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request: unexpected Host header.\n')
    if (!auth.tokenOk(req, url))
      return void res
        .writeHead(401, { 'content-type': 'text/plain' })
        .end('PhysML Lab: this address needs the token printed when the lab started (…/?token=…).\n')
    if (url.pathname === '/call') {
      if (!auth.originOk(req, true)) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('Uploads come from the lab page only.\n')
      return upload(req, res)
    }
    return serveStatic(req, res, url, opts.staticDir, url.searchParams.has('token') ? auth.cookie() : null)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/ws' || !auth.hostOk(req) || !auth.originOk(req, false) || !auth.tokenOk(req, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nmissing or wrong token\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  const clients = serveClients(wss, opts.service, log)

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
      clients.close()
      wss.close()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    }
  }
}

/**
 * Ctrl-C or SIGTERM: close the server, then the lab (running jobs end cancelled, the store is
 * flushed and closed), then exit. A second signal while closing changes nothing.
 */
export function closeOnSignals(server: BrowserServer, service: LabService): void {
  let closing = false
  const shutdown = (): void => {
    if (closing) return
    closing = true
    void server
      .close()
      .then(() => service.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}
