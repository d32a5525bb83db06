// How far behind the run store and the viewers are, as the worker pool's pressure level: the
// hosts thin their metrics while BEHIND and hold them while FAR_BEHIND (jobs/metricThinning.ts).
// Looked at after every metric batch, and every few ms while behind (a held engine sends no
// batch that would look again).
//
// The store is far behind at STORE_FAR_BEHIND values taken from workers and not yet taken in
// by the store thread: 1–3 s of its writing (it took in 150–300 thousand values a second on a
// loaded 2-core machine), the most that Stop or closing the lab waits for, and ~6 MB of
// queued batches. A viewer (a browser-mode WebSocket client) only thins the metrics: one that
// stops reading is closed by its transport (browser/wsClients.ts) instead of holding every
// run back.

import { Pressure, type PressureLevel } from '../jobs/messages'

export const STORE_BEHIND_VALUES = 50_000
export const STORE_FAR_BEHIND_VALUES = 400_000
export const VIEWER_BEHIND_BYTES = 4 * 2 ** 20
const RECHECK_MS = 20

/** How far behind, from the store's backlog (values) and the slowest viewer's unsent bytes. */
export function pressureLevel(storeBacklog: number, viewerLag: number): PressureLevel {
  if (storeBacklog >= STORE_FAR_BEHIND_VALUES) return Pressure.FAR_BEHIND
  if (storeBacklog >= STORE_BEHIND_VALUES || viewerLag >= VIEWER_BEHIND_BYTES) return Pressure.BEHIND
  return Pressure.NONE
}

export class Backpressure {
  private readonly viewers = new Set<() => number>()
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(
    private readonly store: { backlog(): number },
    private readonly pool: { setPressure(level: PressureLevel): void }
  ) {}

  /** A viewer's unsent bytes, looked at from now on; returns its removal. */
  addViewer(lag: () => number): () => void {
    this.viewers.add(lag)
    return () => this.viewers.delete(lag)
  }

  update(): void {
    if (this.closed) return
    let lag = 0
    for (const viewer of this.viewers) lag = Math.max(lag, viewer())
    const level = pressureLevel(this.store.backlog(), lag)
    this.pool.setPressure(level)
    if (level !== Pressure.NONE && this.timer === null) {
      this.timer = setInterval(() => this.update(), RECHECK_MS)
      this.timer.unref()
    } else if (level === Pressure.NONE && this.timer !== null) this.stopTimer()
  }

  /** The lab closes: nothing to watch any more (held engines are released by their cancel). */
  close(): void {
    this.closed = true
    this.stopTimer()
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }
}
