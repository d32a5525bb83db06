// Browser mode's WebSocket clients, one at a time: each connection's protocol errors end that
// connection alone (ws closes it with the RFC 6455 code; we log one line), its requests in
// flight are bounded, and events fan out to every open socket.

import type { WebSocket, WebSocketServer } from 'ws'
import type { LabService } from '../service/labService'
import { MAX_REQUESTS_IN_FLIGHT, isUploadMethod } from '../../shared/api'
import { encodeMessage } from '../../shared/codec'
import { answer, badMessage, errorReply, parseRequest } from './requests'

/** Bytes of requests one connection may have unanswered. */
export const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024
/** Frames are dropped for a client whose socket has this much unsent: the screen only needs the latest. */
const FRAME_BACKLOG_BYTES = 4 * 1024 * 1024

/** The close code ws chose for a protocol error (kept under its 'status-code' symbol), or its error code. */
function closeCodeOf(e: Error): string {
  const key = Object.getOwnPropertySymbols(e).find((s) => s.description === 'status-code')
  const status = key === undefined ? undefined : (e as unknown as Record<symbol, unknown>)[key]
  return typeof status === 'number' ? String(status) : ((e as Error & { code?: string }).code ?? 'error')
}

export function serveClients(wss: WebSocketServer, service: LabService, log: (line: string) => void): { close(): void } {
  const clients = new Set<WebSocket>()
  let nextClient = 1

  wss.on('connection', (ws, req) => {
    const name = `#${nextClient++} (${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'})`
    clients.add(ws)
    let inFlight = 0
    let inFlightBytes = 0
    ws.on('error', (e: Error) => {
      // ws has already begun the close with the code the error calls for (1002, 1007, 1009…).
      log(`[browser] closed a WebSocket client ${name}: ${e.message} (${closeCodeOf(e)})`)
    })
    ws.on('close', () => clients.delete(ws))
    ws.on('message', (data, isBinary) => {
      const bytes = data as Buffer
      const send = (reply: Uint8Array): void => {
        if (ws.readyState === ws.OPEN) ws.send(reply)
      }
      if (!isBinary) return send(badMessage(null, 'expected a binary message'))
      const req = parseRequest(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      if ('error' in req) return send(badMessage(req.id, req.error))
      if (isUploadMethod(req.method))
        return send(badMessage(req.id, `${String(req.method)} is sent as an upload (POST /call), not over the WebSocket`))
      if (inFlight >= MAX_REQUESTS_IN_FLIGHT || inFlightBytes + bytes.byteLength > MAX_IN_FLIGHT_BYTES)
        return send(
          errorReply(req.id, {
            code: 'busy',
            message: `Too many requests at once (${inFlight} unanswered on this connection): wait for answers before sending more.`
          })
        )
      inFlight++
      inFlightBytes += bytes.byteLength
      void answer(service, req)
        .then(send)
        .finally(() => {
          inFlight--
          inFlightBytes -= bytes.byteLength
        })
    })
  })

  const unsubscribe = service.subscribe((event) => {
    if (clients.size === 0) return
    const bytes = encodeMessage({ event })
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue
      if (event.type === 'job.frame' && ws.bufferedAmount > FRAME_BACKLOG_BYTES) continue
      ws.send(bytes)
    }
  })

  return {
    close() {
      unsubscribe()
      for (const ws of clients) ws.terminate()
    }
  }
}
