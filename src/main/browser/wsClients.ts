// Browser mode's WebSocket clients, one at a time: each connection's protocol errors end that
// connection alone (ws closes it with the RFC 6455 code; we log one line), its requests in
// flight are bounded, and events fan out to every open socket. What a client has not read is
// bounded too: frames are skipped for a client a few MB behind (the screen only needs the
// latest), the runs' metrics are thinned while one is behind (service/backpressure.ts), and a
// client that falls CLIENT_CLOSE_BYTES behind, or stays behind for CLIENT_STALLED_MS — it has
// stopped reading — is closed: its page reconnects and reloads what it shows from the store.

import type { WebSocket, WebSocketServer } from 'ws'
import type { LabService } from '../service/labService'
import { MAX_REQUESTS_IN_FLIGHT, isUploadMethod } from '../../shared/api'
import { answer, badMessage, encodeForPage, errorReply, parseRequest } from './requests'
import { VIEWER_BEHIND_BYTES } from '../service/backpressure'

/** Bytes of requests one connection may have unanswered. */
export const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024
/** Frames are dropped for a client whose socket has this much unsent: the screen only needs the latest. */
const FRAME_BACKLOG_BYTES = 4 * 1024 * 1024
/** A client this far behind has stopped reading: it is closed rather than let the server's memory grow. */
export const CLIENT_CLOSE_BYTES = 16 * 1024 * 1024
/**
 * A client still behind (VIEWER_BEHIND_BYTES unsent) after this long, although the runs keep
 * fewer rows for it, is not reading: it is closed, so it does not hold every run's metrics back.
 */
export const CLIENT_STALLED_MS = 5000

/** The close code ws chose for a protocol error (kept under its 'status-code' symbol), or its error code. */
function closeCodeOf(e: Error): string {
  const key = Object.getOwnPropertySymbols(e).find((s) => s.description === 'status-code')
  const status = key === undefined ? undefined : (e as unknown as Record<symbol, unknown>)[key]
  return typeof status === 'number' ? String(status) : ((e as Error & { code?: string }).code ?? 'error')
}

export function serveClients(wss: WebSocketServer, service: LabService, log: (line: string) => void): { close(): void } {
  const clients = new Set<WebSocket>()
  const names = new WeakMap<WebSocket, string>()
  let nextClient = 1

  wss.on('connection', (ws, req) => {
    const name = `#${nextClient++} (${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'})`
    names.set(ws, name)
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

  const behindSince = new WeakMap<WebSocket, number>()
  /** Whether the client has stopped reading (then it is closed, with one log line). */
  const stalled = (ws: WebSocket, now: number): boolean => {
    const unsent = ws.bufferedAmount
    if (unsent < VIEWER_BEHIND_BYTES) {
      behindSince.delete(ws)
      return false
    }
    const since = behindSince.get(ws) ?? now
    behindSince.set(ws, since)
    if (unsent <= CLIENT_CLOSE_BYTES && now - since < CLIENT_STALLED_MS) return false
    log(`[browser] closed WebSocket client ${names.get(ws) ?? '?'}: ${Math.round(unsent / 2 ** 20)} MB of events unread for ${((now - since) / 1000).toFixed(1)} s (it stopped reading); a page reconnects and reloads`)
    clients.delete(ws)
    ws.terminate()
    return true
  }
  const unsubscribe = service.subscribe((event) => {
    if (clients.size === 0) return
    const bytes = encodeForPage({ event })
    const now = Date.now()
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN || stalled(ws, now)) continue
      if (event.type === 'job.frame' && ws.bufferedAmount > FRAME_BACKLOG_BYTES) continue
      ws.send(bytes)
    }
  })
  const removeViewer = service.addViewer(() => {
    let most = 0
    for (const ws of clients) most = Math.max(most, ws.bufferedAmount)
    return most
  })

  return {
    close() {
      unsubscribe()
      removeViewer()
      for (const ws of clients) ws.terminate()
    }
  }
}
