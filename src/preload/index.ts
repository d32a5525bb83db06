// Exposes the lab contract to the sandboxed renderer as window.lab: one invoke, one event
// subscription. Nothing else of Electron or Node reaches the page.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

const INVOKE_CHANNEL = 'lab:invoke'
const EVENT_CHANNEL = 'lab:event'

contextBridge.exposeInMainWorld('lab', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  subscribe: (listener: (event: unknown) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, event: unknown): void => listener(event)
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler)
    }
  }
})
