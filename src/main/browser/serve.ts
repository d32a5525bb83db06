// `npm run serve`: browser mode. node out/main/serve.js [--port N] [--data DIR] [--new-database]
// A damaged database is refused here, in the terminal that started browser mode, with the flag
// that keeps it aside and starts a new one (no page is served until the lab can open).

import { existsSync } from 'node:fs'
import { createLab } from '../app/createLab'
import { join } from 'node:path'
import { defaultDataDir } from '../app/paths'
import { parseArgs } from '../cli/args'
import { openInBrowser } from './openBrowser'
import { closeOnSignals, startBrowserServer } from './server'
import { LabError } from '../../shared/errors'

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { port: 'number', data: 'string', workers: 'number', open: 'boolean', 'new-database': 'boolean' })
  // The renderer built beside this script (out/main/serve.js → out/renderer).
  const staticDir = join(__dirname, '..', 'renderer')
  if (!existsSync(staticDir)) throw new Error(`the renderer is not built (${staticDir} is missing): run \`npm run build\` first`)
  const service = await createLab({
    dataDir: (args.data as string | undefined) ?? defaultDataDir(),
    transport: 'browser',
    workers: args.workers as number | undefined,
    newDatabaseIfDamaged: args['new-database'] === true,
    onSetAside: (keptAs) => console.error(`physml serve: the damaged database was kept as ${keptAs}; a new, empty one was started.`)
  }).catch((e: unknown) => {
    if (e instanceof LabError && e.code === 'damaged')
      throw new Error(`${e.message} To keep it under another name and start a new, empty database beside it, start browser mode again with --new-database (npm run serve -- --new-database).`)
    throw e
  })
  const server = await startBrowserServer({ service, staticDir, port: args.port as number | undefined })
  const info = await service.invoke('app.info', {})
  console.log(`PhysML Lab (browser mode) at ${server.url}`)
  console.log(`data: ${info.dataDir} · ${info.workers} worker(s) · Ctrl-C to quit`)
  if (args.open) openInBrowser(server.url)
  closeOnSignals(server, service)
}

main().catch((e: unknown) => {
  console.error(`physml serve: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
