// Starts the built browser mode (out/main/serve.js) on a fresh temp data folder and hands
// the tests its tokenised URL.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RunningLab {
  url: string
  origin: string
  dataDir: string
  process: ChildProcess
  stop(): Promise<void>
}

export async function startLab(dataDir = mkdtempSync(join(tmpdir(), 'physml-e2e-'))): Promise<RunningLab> {
  // PHYSML_OUT: another build folder (e.g. out-mine) so parallel builds do not clobber each other.
  const out = process.env.PHYSML_OUT ?? 'out'
  const child = spawn(process.execPath, [join(__dirname, '..', '..', out, 'main', 'serve.js'), '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 30_000)
    const onData = (d: Buffer): void => {
      output += d.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`browser mode exited (${code}):\n${output}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
