// Electron's main process: the window and its security, the lab service, the IPC transport.
// The engine never runs here: jobs go to the worker pool.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, session, shell } from 'electron'
import { createLab } from '../app/createLab'
import { appRoot } from '../app/paths'
import { bindIpc } from './ipc'

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** better-sqlite3 built for Electron's ABI by scripts/electron-native.mjs, when there is one. */
function electronBinding(): string | undefined {
  const file = join(appRoot(), 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}

async function main(): Promise<void> {
  app.enableSandbox()
  await app.whenReady()
  const devUrl = process.env.ELECTRON_RENDERER_URL
  const indexFile = join(__dirname, '../renderer/index.html')
  const appUrl = devUrl ?? pathToFileURL(indexFile).href
  const isAppUrl = (url: string): boolean => (devUrl ? url.startsWith(devUrl) : url.split(/[?#]/)[0] === appUrl)

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))

  const service = await createLab({ dataDir: join(app.getPath('userData'), 'lab'), transport: 'electron', nativeBinding: electronBinding() })
  const window = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 640,
    title: 'PhysML Lab',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // Middle-click would open links in a new window: refused anyway, but not even attempted.
      disableBlinkFeatures: 'Auxclick'
    }
  })
  const unbind = bindIpc(service, window, isAppUrl)
  window.once('ready-to-show', () => window.show())
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the outside (e.g. a paper reference) open in the system browser, never in the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
  if (devUrl) await window.loadURL(devUrl)
  else await window.loadFile(indexFile)

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    unbind()
    void service.close().finally(() => app.exit(0))
  })
  app.on('window-all-closed', () => app.quit())
}

main().catch((e: unknown) => {
  console.error('PhysML Lab failed to start:', e)
  app.exit(1)
})
