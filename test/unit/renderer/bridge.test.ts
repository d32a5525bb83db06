// The renderer's browser-mode client against a stand-in WebSocket that answers like the
// server: it never has more requests unanswered than the server takes on one connection, so a
// burst (a list of 100 runs described at once) is queued, not answered `busy`.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { MAX_REQUESTS_IN_FLIGHT, type LabBridge } from '../../../src/shared/api'
import { decodeMessage, encodeMessage } from '../../../src/shared/codec'

class FakeSocket {
  static last: FakeSocket
  binaryType = 'arraybuffer'
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  onclose: (() => void) | null = null
  onmessage: ((ev: { data: ArrayBuffer }) => void) | null = null
  unanswered: number[] = []
  mostUnanswered = 0
  constructor(readonly url: string) {
    FakeSocket.last = this
    setTimeout(() => this.onopen?.(), 0)
  }
  send(bytes: Uint8Array): void {
    const { id } = decodeMessage(bytes) as { id: number }
    this.unanswered.push(id)
    this.mostUnanswered = Math.max(this.mostUnanswered, this.unanswered.length)
    // The server answers each request a little later, in order.
    setTimeout(() => {
      this.unanswered.splice(this.unanswered.indexOf(id), 1)
      const reply = encodeMessage({ id, envelope: { ok: true, value: id } })
      this.onmessage?.({ data: reply.buffer })
    }, 2)
  }
}

beforeAll(() => {
  vi.stubGlobal('WebSocket', FakeSocket)
  vi.stubGlobal('location', { search: '?token=t0k', protocol: 'http:', host: '127.0.0.1:1234' })
  const store = new Map<string, string>()
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) })
  vi.stubGlobal('window', {})
})
afterAll(() => vi.unstubAllGlobals())

describe('the WebSocket bridge', () => {
  it('answers a burst of 100 calls, never with more than the bound unanswered', async () => {
    // Not a literal import: bridge.ts is DOM code, type-checked by svelte-check, not by this tsconfig.
    const bridgeModule = '../../../src/renderer/lib/bridge'
    const { getBridge } = (await import(/* @vite-ignore */ bridgeModule)) as { getBridge(): LabBridge }
    const bridge = getBridge()
    const answers = await Promise.all(Array.from({ length: 100 }, () => bridge.invoke('runs.list', {})))
    expect(answers.map((a) => (a as { ok: boolean }).ok)).toEqual(new Array(100).fill(true))
    expect(FakeSocket.last.url).toBe('ws://127.0.0.1:1234/ws?token=t0k')
    expect(FakeSocket.last.mostUnanswered).toBe(MAX_REQUESTS_IN_FLIGHT)
  })
})
