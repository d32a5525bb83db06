// Electron transport: one invoke channel into the service's method table, one event
// channel out. Like VS Code's ValidatedIpcMain, a call from any frame other than our own
// renderer page is refused before it reaches the service.

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { LabService } from '../service/labService'

export const INVOKE_CHANNEL = 'lab:invoke'
export const EVENT_CHANNEL = 'lab:event'

export function bindIpc(service: LabService, window: BrowserWindow, isAppUrl: (url: string) => boolean): () => void {
  ipcMain.handle(INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    const url = event.senderFrame?.url ?? ''
    if (event.sender !== window.webContents || !isAppUrl(url))
      return { ok: false, error: { code: 'unauthorized', message: `IPC refused from ${url || 'an unknown frame'}` } }
    return service.call(method, input)
  })
  const unsubscribe = service.subscribe((e) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, e)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(INVOKE_CHANNEL)
  }
}
