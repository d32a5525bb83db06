// Electron's main process: the window and its security, the lab service, the IPC transport.
// The engine never runs here: jobs go to the worker pool.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import { createLab } from '../app/createLab'
import { appRoot } from '../app/paths'
import type { LabService } from '../service/labService'
import { LabError } from '../../shared/errors'
import { APP_INDEX, registerAppScheme, serveAppScheme } from './appProtocol'
import { bindIpc } from './ipc'
import { appUrlCheck, devServerOrigin, guardWindow, lockSession } from './security'
import { askNewDatabase, showStartFailure } from './startupErrors'

/** better-sqlite3 built for Electron's ABI by scripts/electron-native.mjs, when there is one. */
function electronBinding(): string | undefined {
  const file = join(appRoot(), 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}

/** The lab on Electron's data folder; a damaged database is the user's call (a dialog). */
async function openLab(): Promise<LabService> {
  const opts = { dataDir: join(app.getPath('userData'), 'lab'), transport: 'electron' as const, nativeBinding: electronBinding() }
  try {
    return await createLab(opts)
  } catch (e) {
    if (!(e instanceof LabError && e.code === 'damaged') || !(await askNewDatabase(e))) throw e
    return createLab({ ...opts, newDatabaseIfDamaged: true })
  }
}

async function main(): Promise<void> {
  app.enableSandbox()
  registerAppScheme()
  await app.whenReady()
  const devOrigin = devServerOrigin()
  const isAppUrl = appUrlCheck(devOrigin)
  lockSession()
  serveAppScheme(join(__dirname, '../renderer'))

  const service = await openLab()
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
  guardWindow(window, isAppUrl)
  await window.loadURL(devOrigin ? `${devOrigin}/` : APP_INDEX)

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
  showStartFailure(e)
  app.exit(1)
})
