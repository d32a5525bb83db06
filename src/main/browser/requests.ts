// One request of browser mode, from its bytes to the bytes of its answer: the codec message
// { id, method, input } is decoded under the size limit of its JSON part, handed to the
// service, and its envelope encoded back. A malformed message is answered, never thrown.

import { MAX_REQUEST_HEADER_BYTES } from '../../shared/api'
import { decodeMessage, encodeMessage } from '../../shared/codec'
import type { Envelope, LabErrorBody } from '../../shared/errors'
import type { LabService } from '../service/labService'

export interface ParsedRequest {
  id: number
  method: unknown
  input: unknown
}

/**
 * The id of a request that cannot be parsed (too large, malformed), read from the start of
 * its JSON part — our clients write the id first — so the refusal reaches the waiting caller.
 */
function peekId(bytes: Uint8Array): number | null {
  const start = new TextDecoder().decode(bytes.subarray(4, Math.min(bytes.byteLength, 4 + 32)))
  const m = /^\{"id":(\d{1,15})[,}]/.exec(start)
  return m ? Number(m[1]) : null
}

/** The request in `bytes`, or a reason it is not one (with its id when that can be read). */
export function parseRequest(bytes: Uint8Array): ParsedRequest | { id: number | null; error: string } {
  let msg: unknown
  try {
    // Our pages never pack a request's spins; packed, they may not grow past what the request could have carried.
    msg = decodeMessage(bytes, { maxHeaderBytes: MAX_REQUEST_HEADER_BYTES, maxUnpackedBytes: bytes.byteLength })
  } catch (e) {
    return { id: peekId(bytes), error: e instanceof Error ? e.message : String(e) }
  }
  if (!msg || typeof msg !== 'object') return { id: null, error: 'the message is not an object' }
  const m = msg as Record<string, unknown>
  if (!Number.isInteger(m.id)) return { id: null, error: 'message without an integer id' }
  return { id: m.id as number, method: m.method, input: m.input }
}

/** What the server sends packs its spins (lattices, configurations) one bit per site. */
export const encodeForPage = (message: unknown): Uint8Array => encodeMessage(message, { packSpins: true })

export const errorReply = (id: number | null, error: LabErrorBody): Uint8Array => encodeMessage({ id, envelope: { ok: false, error } })

export const badMessage = (id: number | null, reason: string): Uint8Array => errorReply(id, { code: 'invalid', message: `Bad message: ${reason}` })

/** The encoded answer to a parsed request. */
export async function answer(service: LabService, req: ParsedRequest): Promise<Uint8Array> {
  const envelope: Envelope<unknown> = await service.call(req.method, req.input)
  try {
    return encodeForPage({ id: req.id, envelope })
  } catch (e) {
    return errorReply(req.id, { code: 'internal', message: `the answer could not be encoded: ${e instanceof Error ? e.message : String(e)}` })
  }
}
