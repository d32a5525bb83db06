// The app build behind `npm start` and `npm run serve`: electron-vite at log level "error", so
// starting the lab prints no bundle listing, size warnings or timings, only what went wrong.
// (`npm run build` keeps the full report for whoever works on the bundle.)
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export function buildApp() {
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const r = spawnSync(process.execPath, [cli, 'build', '--logLevel', 'error'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.status !== 0) {
    console.error('physml: the build failed (see above)')
    process.exit(r.status ?? 1)
  }
}
