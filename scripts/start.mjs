// npm start: build and open the desktop app. Where the Electron binary cannot be had (no
// download host reachable), say so in one line and start browser mode instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from './build-app.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function electronBinary() {
  // Read what require('electron') would, without its side effect of a noisy download attempt.
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const p = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(p) ? p : null
}

function tryDownloadElectron() {
  // Electron ≥ 42 downloads its binary lazily through the package's own installer.
  const installer = join(root, 'node_modules', 'electron', 'install.js')
  if (!existsSync(installer)) return
  spawnSync(process.execPath, [installer], { cwd: join(root, 'node_modules', 'electron'), stdio: 'ignore', timeout: 180_000 })
}

function browserMode(reason) {
  console.log(`PhysML Lab: ${reason} — starting browser mode instead.`)
  const child = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), '--open', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}

let binary = electronBinary()
if (!binary) {
  tryDownloadElectron()
  binary = electronBinary()
}
if (!binary) {
  browserMode('the Electron binary is not installed and could not be downloaded here')
} else {
  const { buildElectronNative } = await import('./electron-native.mjs')
  let nativeOk = true
  try {
    await buildElectronNative()
  } catch (e) {
    nativeOk = false
    browserMode(`better-sqlite3 could not be built for Electron (${e.message.split('\n')[0]})`)
  }
  if (nativeOk) {
    buildApp()
    const env = { ...process.env }
    delete env.ELECTRON_RUN_AS_NODE
    const child = spawn(binary, [root], { cwd: root, stdio: 'inherit', env })
    child.on('exit', (code) => process.exit(code ?? 0))
  }
}
