// The connection to the lab service as reactive state. In Electron the preload bridge is
// always there ('open'); in browser mode the WebSocket bridge reports its state and
// reconnects by itself. Import this module before the first call so no state is missed.

import { onConnectionState, type ConnectionState } from './bridge'

class Connection {
  state = $state<ConnectionState>(typeof window !== 'undefined' && window.lab ? 'open' : 'connecting')
  /** Whether the connection has been open at least once (a later drop is a "reconnecting"). */
  everOpen = $state(typeof window !== 'undefined' && !!window.lab)
  private reopenListeners = new Set<() => void>()
  private dropListeners = new Set<() => void>()

  constructor() {
    onConnectionState((s) => {
      const wasDown = this.state !== 'open'
      this.state = s
      if (s !== 'open' && !wasDown) for (const l of this.dropListeners) l()
      if (s === 'open') {
        const reopened = this.everOpen && wasDown
        this.everOpen = true
        if (reopened) for (const l of this.reopenListeners) l()
      }
    })
  }

  /** Called each time an open connection drops. */
  onDrop(listener: () => void): () => void {
    this.dropListeners.add(listener)
    return () => this.dropListeners.delete(listener)
  }

  /** Called each time the connection comes back after a drop (not on the first open). */
  onReopen(listener: () => void): () => void {
    this.reopenListeners.add(listener)
    return () => this.reopenListeners.delete(listener)
  }
}

export const connection = new Connection()
