import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** The project root: the nearest folder above this file holding package.json (works from src/ and out/). */
export function appRoot(): string {
  let dir = __dirname
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error(`cannot find the app root above ${__dirname}`)
    dir = up
  }
}

export const resourcesDir = (): string => join(appRoot(), 'resources')
export const defaultDataDir = (): string => join(homedir(), '.physml-lab')
export const databaseFile = (dataDir: string): string => join(resolve(dataDir), 'physml.db')

export function appVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(appRoot(), 'package.json')) as { version: string }).version
}
