// `npm run serve`: browser mode. node out/main/serve.js [--port N] [--data DIR]

import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createLab } from '../app/createLab'
import { join } from 'node:path'
import { defaultDataDir } from '../app/paths'
import { parseArgs } from '../cli/args'
import { startBrowserServer } from './server'

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { port: 'number', data: 'string', workers: 'number', open: 'boolean' })
  // The renderer built beside this script (out/main/serve.js → out/renderer).
  const staticDir = join(__dirname, '..', 'renderer')
  if (!existsSync(staticDir)) throw new Error(`the renderer is not built (${staticDir} is missing): run \`npm run build\` first`)
  const service = await createLab({ dataDir: (args.data as string | undefined) ?? defaultDataDir(), transport: 'browser', workers: args.workers as number | undefined })
  const server = await startBrowserServer({ service, staticDir, port: args.port as number | undefined })
  const info = await service.invoke('app.info', {})
  console.log(`PhysML Lab (browser mode) at ${server.url}`)
  console.log(`data: ${info.dataDir} · ${info.workers} worker(s) · Ctrl-C to quit`)
  if (args.open) openInBrowser(server.url)
  let closing = false
  const shutdown = (): void => {
    if (closing) return
    closing = true
    void server
      .close()
      .then(() => service.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

/** Best effort: hand the URL to the desktop's browser, when there is a desktop. */
function openInBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : null
  if (!opener) return
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true })
  child.on('error', () => undefined)
  child.unref()
}

main().catch((e: unknown) => {
  console.error(`physml serve: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
