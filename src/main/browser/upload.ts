// POST /call: the requests too large for the WebSocket (methods marked `upload` in the method
// table, i.e. datasets.import), as one codec message in the body and the encoded envelope in
// the answer. The body is refused by its declared length before it is read and cut off at
// the limit while it is read; one upload at a time (a second is answered `busy` unread).

import type { IncomingMessage, ServerResponse } from 'node:http'
import { MAX_UPLOAD_BYTES, isUploadMethod } from '../../shared/api'
import type { LabService } from '../service/labService'
import { answer, badMessage, errorReply, parseRequest } from './requests'

const mib = (n: number): string => `${Math.round(n / 1024 / 1024)} MiB`

function reply(res: ServerResponse, body: Uint8Array): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' }).end(body)
}

function refuse(res: ServerResponse, status: number, text: string): void {
  // The client may still be sending: say so and close rather than read the rest.
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(text + '\n')
}

/** Read a body of at most `max` bytes, or null (and a 413 sent) when it is longer. */
function readBody(req: IncomingMessage, res: ServerResponse, max: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      if (over) return
      size += chunk.length
      if (size > max) {
        over = true
        chunks.length = 0
        refuse(res, 413, `The upload is larger than ${mib(max)}.`)
        req.destroy()
        resolve(null)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (over) return
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)
      resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength))
    })
    req.on('error', reject)
  })
}

export function uploads(service: LabService): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let busy = false
  return async (req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end()
    // Not a type a cross-site form can send without a preflight, which this server never grants.
    if (req.headers['content-type'] !== 'application/octet-stream') return refuse(res, 415, 'Uploads are sent as application/octet-stream.')
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (declared > MAX_UPLOAD_BYTES) return refuse(res, 413, `The upload is ${mib(declared)}, larger than ${mib(MAX_UPLOAD_BYTES)}.`)
    if (busy) {
      res.setHeader('connection', 'close')
      return reply(res, errorReply(null, { code: 'busy', message: 'Another import is in progress: try again when it has finished.' }))
    }
    busy = true
    try {
      const body = await readBody(req, res, MAX_UPLOAD_BYTES)
      if (body === null) return
      const parsed = parseRequest(body)
      if ('error' in parsed) return reply(res, badMessage(parsed.id, parsed.error))
      if (!isUploadMethod(parsed.method)) return reply(res, badMessage(parsed.id, `${String(parsed.method)} is not an upload: send it over the WebSocket`))
      reply(res, await answer(service, parsed))
    } finally {
      busy = false
    }
  }
}
