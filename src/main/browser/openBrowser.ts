// `--open`: hand browser mode's address to the desktop's browser without putting the token on
// a command line (any local user can read another's command lines in /proc). The opener gets
// the path of a small page, readable by this user only, that forwards the browser to the
// tokenised address; the page is removed once the browser has had time to read it.

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** How long the forwarding page stays on disk. */
const KEEP_MS = 60_000

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Write the forwarding page (0600, in a fresh 0700 folder); returns its path and how to remove it. */
export function forwardingPage(url: string): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'physml-open-'))
  const file = join(dir, 'open-physml-lab.html')
  const href = escapeHtml(url)
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
      `<meta http-equiv="refresh" content="0;url=${href}"><title>PhysML Lab</title><a href="${href}">Open PhysML Lab</a>\n`,
    { mode: 0o600 }
  )
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The desktop's opener, or null where there is no desktop (a server, ssh). */
export function desktopOpener(): string | null {
  if (process.platform === 'darwin') return 'open'
  if (process.platform === 'win32') return 'explorer'
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : null
}

/** Best effort: open `url` in the desktop's browser. */
export function openInBrowser(url: string, opener: string | null = desktopOpener()): void {
  if (!opener) return
  const page = forwardingPage(url)
  const child = spawn(opener, [page.file], { stdio: 'ignore', detached: true })
  child.on('error', () => page.remove())
  child.unref()
  setTimeout(page.remove, KEEP_MS).unref()
  process.once('exit', page.remove)
}
