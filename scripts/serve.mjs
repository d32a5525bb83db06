// npm run serve [-- --port N --data DIR]: build if needed, then browser mode.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from './build-app.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const noBuild = args.includes('--no-build')
const passArgs = args.filter((a) => a !== '--no-build')

if (!noBuild || !existsSync(join(root, 'out', 'main', 'serve.js'))) buildApp()
const child = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...passArgs], { cwd: root, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
