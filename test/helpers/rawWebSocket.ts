// A WebSocket client that speaks the handshake by hand over a plain TCP socket, so a test can
// send frames no well-behaved client library would (unmasked, reserved opcodes, RSV bits,
// invalid UTF-8, absurd lengths) and read the server's close frame byte by byte.
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

export interface RawSocket {
  socket: Socket
  /** Everything received after the handshake's response header. */
  received(): Buffer
  /** Resolves when the server has closed the TCP connection. */
  closed: Promise<void>
}

export function rawWebSocket(port: number, path: string): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let buf = Buffer.alloc(0)
    let upgraded = false
    const closed = new Promise<void>((r) => socket.once('close', () => r()))
    socket.on('error', () => undefined)
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      if (upgraded) return
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = buf.subarray(0, end).toString('latin1')
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`))
      upgraded = true
      buf = buf.subarray(end + 4)
      resolve({ socket, received: () => buf, closed })
    })
    socket.once('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
      )
    })
  })
}

/** One frame with a 7-bit length (≤ 125 bytes), masked unless `masked` is false. */
export function frame(opts: { fin?: boolean; rsv1?: boolean; opcode: number; payload?: Uint8Array; masked?: boolean }): Buffer {
  const payload = Buffer.from(opts.payload ?? new Uint8Array(0))
  if (payload.length > 125) throw new Error('frame(): payloads up to 125 bytes only')
  const masked = opts.masked ?? true
  const b0 = (opts.fin === false ? 0 : 0x80) | (opts.rsv1 ? 0x40 : 0) | (opts.opcode & 0x0f)
  const b1 = (masked ? 0x80 : 0) | payload.length
  if (!masked) return Buffer.concat([Buffer.from([b0, b1]), payload])
  const mask = randomBytes(4)
  const body = Buffer.from(payload.map((v, i) => v ^ mask[i & 3]))
  return Buffer.concat([Buffer.from([b0, b1]), mask, body])
}

/** The header of a masked binary frame declaring `length` bytes (64-bit length), without its body. */
export function hugeFrameHeader(length: number): Buffer {
  const h = Buffer.alloc(2 + 8 + 4)
  h[0] = 0x82
  h[1] = 0x80 | 127
  h.writeBigUInt64BE(BigInt(length), 2)
  randomBytes(4).copy(h, 10)
  return h
}

/** The status code of the close frame at the start of `data`, or null when there is none. */
export function closeCode(data: Buffer): number | null {
  if (data.length < 4 || (data[0] & 0x0f) !== 0x8) return null
  return data.readUInt16BE(2)
}
