// Live controls (a temperature slider fires ~60 input events per second) must not queue up
// calls: at most one request is in flight, and while it is, newer values merge into one
// pending value that is sent next. The last value the user chose is always the last one sent.

export interface Coalescer<T> {
  /** Offer a value; it is sent now, or merged into the pending one if a send is in flight. */
  push(value: T): void
  /** Drop a pending value (e.g. the run it was meant for has ended). */
  clear(): void
  /** Resolves when nothing is in flight or pending. */
  idle(): Promise<void>
}

export function coalescer<T>(
  send: (value: T) => Promise<unknown>,
  onError: (e: unknown) => void,
  merge: (older: T, newer: T) => T = (_older, newer) => newer
): Coalescer<T> {
  let inFlight = false
  let pending: { value: T } | null = null
  let waiters: (() => void)[] = []

  const settle = (): void => {
    if (inFlight || pending) return
    const w = waiters
    waiters = []
    for (const f of w) f()
  }

  const pump = (): void => {
    if (inFlight || !pending) return settle()
    const { value } = pending
    pending = null
    inFlight = true
    send(value)
      .catch(onError)
      .finally(() => {
        inFlight = false
        pump()
      })
  }

  return {
    push(value) {
      pending = pending ? { value: merge(pending.value, value) } : { value }
      pump()
    },
    clear() {
      pending = null
      settle()
    },
    idle() {
      return inFlight || pending ? new Promise((resolve) => waiters.push(resolve)) : Promise.resolve()
    }
  }
}
