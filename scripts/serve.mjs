// npm run serve [-- --port N --data DIR]: build if needed, then browser mode.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const noBuild = args.includes('--no-build')
const passArgs = args.filter((a) => a !== '--no-build')

export function build() {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (r.status !== 0) {
    console.error('physml: the build failed (see above)')
    process.exit(r.status ?? 1)
  }
}

if (!noBuild || !existsSync(join(root, 'out', 'main', 'serve.js'))) build()
const child = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...passArgs], { cwd: root, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
