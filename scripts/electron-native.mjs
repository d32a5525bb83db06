// Builds better-sqlite3 for Electron's ABI into native/electron-<version>/better_sqlite3.node,
// leaving node_modules' Node build untouched (tests and browser mode keep using it). The app
// hands this file to better-sqlite3 as its `nativeBinding`. Needs Electron's headers, so a
// machine with internet; run once by `npm start`, again only when Electron's version changes.
import { cpSync, existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

export function electronNativeTarget() {
  const version = require('electron/package.json').version
  return { version, file: join(root, 'native', `electron-${version}`, 'better_sqlite3.node') }
}

export async function buildElectronNative() {
  const { version, file } = electronNativeTarget()
  if (existsSync(file)) return file
  // npm exports npm_config_nodedir (the user npmrc here points it at /usr): with it set,
  // node-gyp silently builds against Node's headers and the result would not load in Electron.
  for (const k of Object.keys(process.env)) if (k.toLowerCase() === 'npm_config_nodedir') delete process.env[k]
  const work = mkdtempSync(join(tmpdir(), 'physml-electron-native-'))
  try {
    const pkgDir = join(work, 'node_modules', 'better-sqlite3')
    cpSync(join(root, 'node_modules', 'better-sqlite3'), pkgDir, { recursive: true, filter: (src) => !src.includes(`${'build'}`) || src.endsWith('binding.gyp') })
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'native-build', version: '0.0.0', dependencies: { 'better-sqlite3': '*' } }))
    const { rebuild } = require('@electron/rebuild')
    await rebuild({ buildPath: work, electronVersion: version, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' })
    mkdirSync(dirname(file), { recursive: true })
    copyFileSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'), file)
    return file
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildElectronNative().then(
    (f) => console.log(`better-sqlite3 for Electron: ${f}`),
    (e) => {
      console.error(`could not build better-sqlite3 for Electron: ${e.message}`)
      process.exit(1)
    }
  )
}
