// The Electron guard rails without Electron (it cannot run here): the module is given a
// stand-in for the few electron APIs it touches, and its decisions are checked — exact
// origins (never a prefix), the dev server only unpackaged and local, https links to listed
// hosts only, and app:// serving only the renderer's own files with the CSP.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../helpers/tempDir'

const electron = vi.hoisted(() => ({
  app: { isPackaged: false, on: vi.fn() },
  session: { defaultSession: {} },
  shell: { openExternal: vi.fn() },
  protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() }
}))
vi.mock('electron', () => electron)

const { appUrlCheck, devServerOrigin, externalAllowed } = await import('../../../src/main/electron/security')
const { APP_INDEX, serveAppScheme } = await import('../../../src/main/electron/appProtocol')

beforeEach(() => {
  electron.app.isPackaged = false
})

describe('which pages are the app', () => {
  it('the built app: app://lab exactly', () => {
    const isApp = appUrlCheck(null)
    expect(isApp(APP_INDEX)).toBe(true)
    expect(isApp('app://lab/assets/x.js?v=1#h')).toBe(true)
    for (const url of ['app://lab.evil/index.html', 'app://other/index.html', 'file:///etc/passwd', 'https://lab/index.html', 'not a url'])
      expect(isApp(url), url).toBe(false)
  })

  it('development: the dev server origin exactly — not a longer host that starts with it', () => {
    const origin = devServerOrigin('http://localhost:5173')
    expect(origin).toBe('http://localhost:5173')
    const isApp = appUrlCheck(origin)
    expect(isApp('http://localhost:5173/src/main.ts')).toBe(true)
    expect(isApp('http://localhost:5173.evil/')).toBe(false)
    expect(isApp('http://localhost:51730/')).toBe(false)
    expect(isApp('http://localhost:5173@evil.example/')).toBe(false)
  })

  it('ELECTRON_RENDERER_URL is ignored when packaged, and unless it is local http', () => {
    expect(devServerOrigin('https://localhost:5173')).toBeNull()
    expect(devServerOrigin('http://evil.example:5173')).toBeNull()
    expect(devServerOrigin('http://localhost:5173.evil')).toBeNull()
    expect(devServerOrigin('garbage')).toBeNull()
    expect(devServerOrigin(undefined)).toBeNull()
    electron.app.isPackaged = true
    expect(devServerOrigin('http://localhost:5173')).toBeNull()
  })
})

describe('links that may leave for the system browser', () => {
  it('https to a listed host only', () => {
    expect(externalAllowed('https://colab.research.google.com/drive/1pt4ijRlZMtg4rUO59-gn_B82-HtyKFoH')).toBe(true)
    for (const url of ['http://colab.research.google.com/', 'https://colab.research.google.com.evil.example/', 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share'])
      expect(externalAllowed(url), url).toBe(false)
  })
})

describe('app:// serves the renderer', () => {
  const tmp = tempDir('physml-app-protocol-')
  afterAll(() => tmp.remove())
  const root = join(tmp.dir, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(tmp.dir, 'secret.txt'), 'not for the page')
  serveAppScheme(root)
  const handler = electron.protocol.handle.mock.calls[0][1] as (r: Request) => Promise<Response>

  it('its own files, with the CSP and their type', async () => {
    const page = await handler(new Request(APP_INDEX))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>lab</title>')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const js = await handler(new Request('app://lab/assets/app.js'))
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('nothing outside its folder, nothing of another host, a clear status for the rest', async () => {
    expect((await handler(new Request('app://lab/..%2fsecret.txt'))).status).toBe(403)
    expect((await handler(new Request('app://lab/%E0%A4%A'))).status).toBe(400)
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404)
    expect((await handler(new Request('app://lab/missing.js'))).status).toBe(404)
    expect((await handler(new Request(APP_INDEX, { method: 'POST', body: 'x' }))).status).toBe(405)
  })
})
