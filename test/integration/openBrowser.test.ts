// `--open` hands the browser a private forwarding page, never the tokenised address itself:
// a command line is readable by every local user (/proc/<pid>/cmdline).
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openInBrowser } from '../../src/main/browser/openBrowser'
import { tempDir } from '../helpers/tempDir'

const tmp = tempDir('physml-opener-')
afterAll(() => tmp.remove())

describe('openInBrowser', () => {
  it('runs the opener with the path of a 0600 page in a 0700 folder that forwards to the address', async () => {
    const record = join(tmp.dir, 'argv.txt')
    const opener = join(tmp.dir, 'fake-xdg-open')
    writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`)
    chmodSync(opener, 0o755)
    const token = 'S3cr3t-token_value'
    const url = `http://127.0.0.1:43210/?token=${token}`
    openInBrowser(url, opener)
    for (let i = 0; i < 100 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 50))
    const argv = readFileSync(record, 'utf8').trim().split('\n')
    expect(argv).toHaveLength(1)
    expect(argv[0]).not.toContain(token)
    const page = argv[0]
    expect(statSync(page).mode & 0o777).toBe(0o600)
    expect(statSync(dirname(page)).mode & 0o777).toBe(0o700)
    const html = readFileSync(page, 'utf8')
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`)
    expect(html).toContain('<meta name="referrer" content="no-referrer">')
  })
})
