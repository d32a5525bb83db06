// The renderer's one way to the lab service. In Electron the preload has exposed
// window.lab; in browser mode we speak the same protocol over a WebSocket to the local
// server, authenticated by the per-start token that came in the page URL.

import { decodeMessage, encodeMessage } from '../../shared/codec'
import { MAX_REQUESTS_IN_FLIGHT, isUploadMethod, type LabBridge } from '../../shared/api'

declare global {
  interface Window {
    lab?: LabBridge
  }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void }

export type ConnectionState = 'connecting' | 'open' | 'closed'

function webSocketBridge(onState: (s: ConnectionState) => void): LabBridge {
  const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('physml.token') ?? ''
  if (token) sessionStorage.setItem('physml.token', token)
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`
  const listeners = new Set<(e: unknown) => void>()
  const pending = new Map<number, Pending>()
  let nextId = 1
  let socket: WebSocket
  let ready: Promise<void>
  let retry = 250

  const connect = (): void => {
    onState('connecting')
    socket = new WebSocket(url)
    socket.binaryType = 'arraybuffer'
    ready = new Promise((resolve, reject) => {
      socket.onopen = () => {
        retry = 250
        onState('open')
        resolve()
      }
      socket.onerror = () => reject(new Error('cannot reach the lab service'))
    })
    ready.catch(() => undefined)
    socket.onmessage = (ev: MessageEvent) => {
      const msg = decodeMessage(new Uint8Array(ev.data as ArrayBuffer)) as {
        id?: number
        envelope?: unknown
        event?: unknown
      }
      if (msg.id !== undefined) {
        const p = pending.get(msg.id)
        pending.delete(msg.id)
        p?.resolve(msg.envelope)
      } else if (msg.event) for (const l of listeners) l(msg.event)
    }
    socket.onclose = () => {
      onState('closed')
      for (const p of pending.values()) p.reject(new Error('connection to the lab service closed'))
      pending.clear()
      setTimeout(connect, retry)
      retry = Math.min(retry * 2, 5000)
    }
  }
  connect()

  /** A request too large for the WebSocket (an import): one HTTP upload, the envelope in the answer. */
  const upload = async (method: string, input: unknown): Promise<unknown> => {
    const res = await fetch(`/call?token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: encodeMessage({ id: nextId++, method, input })
    })
    if (!res.ok) throw new Error((await res.text()).trim() || `the upload was refused (HTTP ${res.status})`)
    return (decodeMessage(new Uint8Array(await res.arrayBuffer())) as { envelope: unknown }).envelope
  }

  // The server answers `busy` beyond its bound of requests in flight: wait for a slot instead.
  let inFlight = 0
  const slots: (() => void)[] = []
  const takeSlot = (): Promise<void> => (inFlight < MAX_REQUESTS_IN_FLIGHT ? (inFlight++, Promise.resolve()) : new Promise((r) => slots.push(r)))
  const freeSlot = (): void => {
    const next = slots.shift()
    if (next) next()
    else inFlight--
  }

  return {
    async invoke(method, input) {
      if (isUploadMethod(method)) return upload(method, input)
      await takeSlot()
      try {
        await ready
        const id = nextId++
        return await new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject })
          socket.send(encodeMessage({ id, method, input }))
        })
      } finally {
        freeSlot()
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}

let bridge: LabBridge | null = null
const stateListeners = new Set<(s: ConnectionState) => void>()

export function onConnectionState(l: (s: ConnectionState) => void): () => void {
  stateListeners.add(l)
  return () => stateListeners.delete(l)
}

export function getBridge(): LabBridge {
  if (!bridge) bridge = window.lab ?? webSocketBridge((s) => stateListeners.forEach((l) => l(s)))
  return bridge
}
