// Who may talk to browser mode: the per-start token (in the URL once, then in a cookie whose
// name carries the port, so two labs on one machine never overwrite each other's), a Host
// header naming this server (no DNS rebinding), and — for WebSocket upgrades and uploads —
// an Origin that is this server's own.

import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export interface Gate {
  /** The cookie to set when a page is opened with ?token=… */
  cookie(): string
  /** Token from the query or the cookie, compared in constant time. */
  tokenOk(req: IncomingMessage, url: URL): boolean
  hostOk(req: IncomingMessage): boolean
  /** `required`: the request must name an origin (browsers always do for uploads). */
  originOk(req: IncomingMessage, required: boolean): boolean
}

export function gate(token: string, port: () => number): Gate {
  const tokenBytes = Buffer.from(token)
  const cookieName = (): string => `physml_token_${port()}`
  const same = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false
    const b = Buffer.from(candidate)
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes)
  }
  const selfOrigins = (): string[] => [`http://127.0.0.1:${port()}`, `http://localhost:${port()}`]
  return {
    cookie: () => `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    tokenOk(req, url) {
      const fromQuery = url.searchParams.get('token')
      if (fromQuery) return same(fromQuery)
      const prefix = `${cookieName()}=`
      const cookie = req.headers.cookie
        ?.split(';')
        .map((c) => c.trim())
        .find((c) => c.startsWith(prefix))
      return same(cookie?.slice(prefix.length))
    },
    hostOk(req) {
      return [`127.0.0.1:${port()}`, `localhost:${port()}`].includes(req.headers.host ?? '')
    },
    originOk(req, required) {
      const origin = req.headers.origin
      return origin === undefined ? !required : selfOrigins().includes(origin)
    }
  }
}
