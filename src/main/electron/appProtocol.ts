// app://lab/…: the renderer's built files, served by the main process under a scheme of our
// own instead of file:// — a file:// page may read any file URL, an app:// page only its own
// origin. Same headers as browser mode (staticFiles.ts): one CSP for both fronts.

import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { RENDERER_HEADERS, mimeOf, resolveStatic } from '../browser/staticFiles'

export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://lab`
export const APP_INDEX = `${APP_ORIGIN}/index.html`

/** Before `app` is ready: app:// is a standard, secure scheme (origin, fetch, storage like https). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

const text = (status: number, body: string): Response => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/** After `app` is ready: answer app://lab/<path> from `root` (out/renderer). */
export function serveAppScheme(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    // Not url.origin: Node's URL gives 'null' for a scheme it does not know as special.
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return text(404, 'not found\n')
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed\n')
    const where = resolveStatic(root, url.pathname)
    if ('status' in where) return text(where.status, where.message)
    let body: Buffer
    try {
      body = await readFile(where.file)
    } catch {
      return text(404, 'not found\n')
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
      status: 200,
      headers: { ...RENDERER_HEADERS, 'content-type': mimeOf(where.file), 'cache-control': 'no-cache' }
    })
  })
}
