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
  /** Stop the service (SIGTERM, a clean exit; 'SIGKILL': it dies), keeping the data folder. */
  quit(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
  /** Stop the service and remove the data folder. */
  stop(): Promise<void>
  /** Stop it and start browser mode again on the same data folder: another port, another origin (its localStorage empty). */
  restart(): Promise<RunningLab>
}

/** `args`: more options of browser mode, e.g. ['--workers', '1'] for a two-core machine's pool. */
export async function startLab(dataDir = mkdtempSync(join(tmpdir(), 'physml-e2e-')), args: string[] = []): Promise<RunningLab> {
  // PHYSML_OUT: another build folder (e.g. out-mine) so parallel builds do not clobber each other.
  const out = process.env.PHYSML_OUT ?? 'out'
  const child = spawn(process.execPath, [join(__dirname, '..', '..', out, 'main', 'serve.js'), '--port', '0', '--data', dataDir, ...args], {
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
  const quit = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill(signal)
    await exited
  }
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    quit,
    async stop() {
      await quit()
      rmSync(dataDir, { recursive: true, force: true })
    },
    async restart() {
      await quit()
      return startLab(dataDir, args)
    }
  }
}
