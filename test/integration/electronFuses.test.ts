// scripts/electron-fuses.mjs on a stand-in for the Electron binary (none can be downloaded
// here): a file holding the fuse wire exactly as Electron lays it out (@electron/fuses'
// sentinel, wire version 1, wire length, one byte per fuse). The script must flip exactly the
// fuses it names, leave the others — asar fuses, and fuses newer than the library — alone,
// and --check must tell a flipped binary from one that is not.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/tempDir'

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ON = 49 // '1'
const OFF = 48 // '0'
const script = join(__dirname, '..', '..', 'scripts', 'electron-fuses.mjs')
const tmp = tempDir('physml-fuses-')
afterAll(() => tmp.remove())

/** Nine fuses as Electron ships them (as far as the library names them; the ninth is one it does not know). */
const SHIPPED = [ON, OFF, ON, ON, OFF, OFF, OFF, ON, ON]

function fakeElectron(): { file: string; wire(): number[] } {
  const file = join(tmp.dir, 'electron')
  const head = Buffer.from('\x7fELF fake binary '.repeat(50))
  const wire = Buffer.from([1, SHIPPED.length, ...SHIPPED])
  writeFileSync(file, Buffer.concat([head, Buffer.from(SENTINEL), wire, Buffer.from('tail of the binary')]))
  return {
    file,
    wire: () => {
      const b = readFileSync(file)
      const at = b.indexOf(SENTINEL) + SENTINEL.length
      return [...b.subarray(at + 2, at + 2 + SHIPPED.length)]
    }
  }
}

const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' })

describe('electron-fuses.mjs', () => {
  it('flips RunAsNode, NODE_OPTIONS, --inspect and file:// privileges off and cookie encryption on, and nothing else', () => {
    const electron = fakeElectron()
    const before = run(electron.file, '--check')
    expect(before.status).toBe(1)
    expect(before.stdout).toMatch(/WRONG RunAsNode = on/)
    const flipped = run(electron.file)
    expect(flipped.status, flipped.stderr).toBe(0)
    expect(electron.wire()).toEqual([OFF, ON, OFF, OFF, OFF, OFF, OFF, OFF, ON])
    const after = run(electron.file, '--check')
    expect(after.status).toBe(0)
    expect(after.stdout.trim().split('\n')).toEqual([
      'ok    RunAsNode = off',
      'ok    EnableCookieEncryption = on',
      'ok    EnableNodeOptionsEnvironmentVariable = off',
      'ok    EnableNodeCliInspectArguments = off',
      'ok    GrantFileProtocolExtraPrivileges = off'
    ])
  })

  it('refuses a file that is not an Electron binary, and a missing path', () => {
    const notElectron = join(tmp.dir, 'not-electron')
    writeFileSync(notElectron, 'just a file')
    const r = run(notElectron)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/Could not find sentinel/)
    expect(run(join(tmp.dir, 'missing')).status).toBe(2)
  })
})
