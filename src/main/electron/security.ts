// The window's guard rails: which URLs are the app (app://lab, or in development the exact
// origin of the Vite dev server), which links may leave for the system browser (hosts the lab
// links to, https only), and no permission for anything (camera, notifications, clipboard…).

import { app, session, shell, type BrowserWindow } from 'electron'
import { APP_ORIGIN } from './appProtocol'
import { CSP } from '../browser/staticFiles'

/** Hosts whose pages the lab may open in the system browser: the paper's appendix code. */
export const EXTERNAL_HOSTS: readonly string[] = ['colab.research.google.com']

/** scheme://host[:port] of a URL. Not URL.origin: Node's parser gives 'null' for app:// (not a special scheme). */
const originOf = (url: string): string | null => {
  try {
    const u = new URL(url)
    return u.host === '' ? null : `${u.protocol}//${u.host}`
  } catch {
    return null
  }
}

/**
 * The dev server's origin from ELECTRON_RENDERER_URL (set by `electron-vite dev`), only for an
 * unpackaged app and only for a local http address; otherwise null and the built files load.
 */
export function devServerOrigin(value: string | undefined = process.env.ELECTRON_RENDERER_URL): string | null {
  if (!value || app.isPackaged) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null
  return originOf(value)
}

/** Whether `url` is a page of the app itself: the same origin exactly, never a prefix. */
export function appUrlCheck(devOrigin: string | null): (url: string) => boolean {
  const own = devOrigin ?? APP_ORIGIN
  return (url) => originOf(url) === own
}

/** A link the system browser may open: https to a listed host. */
export function externalAllowed(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && EXTERNAL_HOSTS.includes(u.hostname)
  } catch {
    return false
  }
}

/** Session-wide: no permissions asked or checked are granted; the CSP on every response. */
export function lockSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  // app:// responses carry the CSP themselves; this covers the dev server's.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

/** Per window: navigation stays in the app; new windows never open, allowed links go to the system browser. */
export function guardWindow(window: BrowserWindow, isAppUrl: (url: string) => boolean): void {
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (externalAllowed(url)) void shell.openExternal(url)
    else console.error(`[electron] refused to open ${url.slice(0, 200)}`)
    return { action: 'deny' }
  })
}
