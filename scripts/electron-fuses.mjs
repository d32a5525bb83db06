// npm run fuses -- <electron binary> [--check]
// Electron's fuses are bits in the Electron binary itself, read before any of our code runs.
// There is no packager here (no electron-builder / Forge): run this on the binary of the copy
// you ship, after copying it and before signing it. --check only reports, and exits 1 when a
// fuse is not as set below. What each fuse is and why: docs/SECURITY-REVIEW.md.
import { existsSync } from 'node:fs'
import fuses from '@electron/fuses'

const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = fuses

/** true/false: flipped to that; fuses not named stay as Electron ships them. */
export const FUSES = {
  // `ELECTRON_RUN_AS_NODE=1 PhysML-Lab script.js` would turn the app into a plain Node.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require a file) and --inspect would run foreign code inside the app.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The renderer loads from app://, never file://: file pages need no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
  // Not set, because the app is not packed into an asar archive here (it runs from its folder):
  // EnableEmbeddedAsarIntegrityValidation and OnlyLoadAppFromAsar — set both to true in a
  // packager that builds app.asar and records its hash. LoadBrowserProcessSpecificV8Snapshot:
  // no custom snapshot.
}

const names = Object.fromEntries(Object.entries(FuseV1Options).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]))
const ENABLE = 49
const DISABLE = 48

async function main() {
  const args = process.argv.slice(2)
  const check = args.includes('--check')
  const binary = args.find((a) => !a.startsWith('--'))
  if (!binary || !existsSync(binary)) {
    console.error('usage: npm run fuses -- <path to the Electron binary of the copy you ship> [--check]')
    process.exit(2)
  }
  if (!check) await flipFuses(binary, { version: FuseVersion.V1, ...FUSES })
  const wire = await getCurrentFuseWire(binary)
  let wrong = 0
  for (const [index, want] of Object.entries(FUSES)) {
    const is = wire[index]
    const ok = is === (want ? ENABLE : DISABLE)
    if (!ok) wrong++
    console.log(`${ok ? 'ok   ' : 'WRONG'} ${names[index]} = ${is === ENABLE ? 'on' : is === DISABLE ? 'off' : `state ${is}`}`)
  }
  process.exit(wrong === 0 ? 0 : 1)
}

main().catch((e) => {
  console.error(`fuses: ${e.message}`)
  process.exit(1)
})
