// The built renderer's files, for browser mode: GET/HEAD only, never outside its folder,
// with the same CSP as the desktop app plus the isolation headers SharedArrayBuffer needs.

import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon'
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Headers every page and file of the renderer is served with (browser mode and app://). */
export const RENDERER_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer'
}

export const mimeOf = (file: string): string => MIME[extname(file)] ?? 'application/octet-stream'

/**
 * The file under `root` that a URL path names ('/' is index.html), or a status to answer
 * instead: 400 for a malformed %-escape, 403 for a path that leaves the folder.
 */
export function resolveStatic(root: string, pathname: string): { file: string; rel: string } | { status: 400 | 403; message: string } {
  let rel: string
  try {
    rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
  } catch {
    return { status: 400, message: 'Bad request: the path has a malformed %-escape.\n' }
  }
  const file = normalize(join(root, rel))
  if (!file.startsWith(normalize(root) + sep)) return { status: 403, message: 'forbidden\n' }
  return { file, rel }
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, root: string, setCookie: string | null): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end()
  const where = resolveStatic(root, url.pathname)
  if ('status' in where) return void res.writeHead(where.status, { 'content-type': 'text/plain' }).end(where.message)
  let body: Buffer
  try {
    body = await readFile(where.file)
  } catch {
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
  }
  const headers: Record<string, string> = {
    ...RENDERER_HEADERS,
    'content-type': mimeOf(where.file),
    'cache-control': where.rel === 'index.html' ? 'no-store' : 'private, max-age=3600'
  }
  if (setCookie) headers['set-cookie'] = setCookie
  res.writeHead(200, headers)
  res.end(req.method === 'HEAD' ? undefined : body)
}
