// The headless command line over the same service, jobs and store as the app.
//   physml kinds [--json]
//   physml run <kind> --params '<json>' [--seed N] [--name S] [--data DIR] [--json] [--confirm]
//   physml runs [--json] [--data DIR] [--all]
//   physml export <runId> --format csv|json [--data DIR]
//   any command: --new-database keeps a damaged database aside and starts a new one

import { createLab } from '../app/createLab'
import { defaultDataDir } from '../app/paths'
import { LabError } from '../../shared/errors'
import { rowsOf } from '../../shared/metrics'
import type { LabService } from '../service/labService'
import { parseArgs, type ParsedArgs } from './args'

const USAGE = `usage:
  physml kinds [--json]
  physml run <kind> --params '<json>' [--seed N] [--name NAME] [--data DIR] [--json] [--confirm]
  physml runs [--json] [--all] [--data DIR]
  physml export <runId> --format csv|json [--data DIR]
  --new-database: when the database is damaged, keep it aside under another name and start a new one`

const spec = {
  json: 'boolean',
  params: 'string',
  seed: 'number',
  name: 'string',
  data: 'string',
  format: 'string',
  confirm: 'boolean',
  all: 'boolean',
  help: 'boolean',
  'new-database': 'boolean'
} as const

const out = (line: string): boolean => process.stdout.write(line + '\n')
const err = (line: string): boolean => process.stderr.write(line + '\n')

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, spec)
  const [command, ...rest] = args._
  if (!command || args.help) {
    err(USAGE)
    return command ? 0 : 2
  }
  // Only `run` starts jobs: the other commands read, and never clean up after another process.
  const lab = await createLab({
    dataDir: (args.data as string | undefined) ?? defaultDataDir(),
    transport: 'cli',
    readOnly: command !== 'run',
    newDatabaseIfDamaged: args['new-database'] === true,
    onSetAside: (keptAs) => err(`physml: the damaged database was kept as ${keptAs}; a new, empty one was started.`)
  }).catch((e: unknown) => {
    if (e instanceof LabError && e.code === 'damaged')
      throw new LabError('damaged', `${e.message} To keep it under another name and start a new, empty database beside it, run the command again with --new-database.`)
    throw e
  })
  try {
    switch (command) {
      case 'kinds':
        return await kinds(lab, args)
      case 'run':
        return await run(lab, rest, args)
      case 'runs':
        return await runs(lab, args)
      case 'export':
        return await exportCmd(lab, rest, args)
      default:
        err(`unknown command '${command}'\n${USAGE}`)
        return 2
    }
  } finally {
    await lab.close()
  }
}

async function kinds(lab: LabService, args: ParsedArgs): Promise<number> {
  const list = await lab.invoke('jobs.kinds', {})
  if (args.json) for (const k of list) out(JSON.stringify(k))
  else for (const k of list) out(`${k.kind.padEnd(20)} ${k.title} — ${k.summary}`)
  return 0
}

async function run(lab: LabService, rest: string[], args: ParsedArgs): Promise<number> {
  const kind = rest[0]
  if (!kind) throw new LabError('invalid', 'run needs a job kind: physml run <kind> --params <json>')
  let params: unknown = {}
  if (args.params !== undefined) {
    try {
      params = JSON.parse(args.params as string)
    } catch (e) {
      throw new LabError('invalid', `--params is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  const json = args.json === true
  let runId = -1
  let lastProgress = 0
  const finished = new Promise<{ status: string; error?: string; result?: Record<string, unknown> }>((resolve) => {
    lab.subscribe((e) => {
      if (!('runId' in e) || e.runId !== runId) return
      if (e.type === 'job.metrics' && json) {
        const { steps, rows } = rowsOf(e)
        rows.forEach((row, i) => out(JSON.stringify({ type: 'metrics', runId, step: steps[i], ...row })))
      }
      else if (e.type === 'job.progress') {
        const now = Date.now()
        if (now - lastProgress > 500 || e.fraction >= 1) {
          lastProgress = now
          const eta = e.etaSeconds === null ? '' : `, ${formatSeconds(e.etaSeconds)} left`
          err(`run ${runId}: ${(e.fraction * 100).toFixed(1)}%${eta}${e.note ? ` — ${e.note}` : ''}`)
        }
      } else if (e.type === 'job.log') err(`run ${runId}: ${e.message}`)
      else if (e.type === 'job.status' && ['done', 'failed', 'cancelled'].includes(e.status))
        resolve({ status: e.status, error: e.error, result: e.result })
    })
  })
  const started = await lab.invoke('jobs.start', {
    kind,
    params,
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.name !== undefined ? { name: args.name } : {}),
    confirm: args.confirm === true
  })
  runId = started.runId
  err(`run ${runId}: ${kind} started (seed ${started.seed})`)
  const onSigint = (): void => {
    err(`run ${runId}: cancelling…`)
    void lab.invoke('jobs.cancel', { runId }).catch(() => undefined)
  }
  process.once('SIGINT', onSigint)
  const end = await finished
  process.off('SIGINT', onSigint)
  err(`run ${runId}: ${end.status}${end.error ? ` — ${end.error}` : ''}`)
  if (json) out(JSON.stringify({ type: 'result', runId, kind, seed: started.seed, status: end.status, ...(end.error ? { error: end.error } : {}), ...end.result }))
  else if (end.result) out(JSON.stringify(end.result, null, 2))
  return end.status === 'done' ? 0 : end.status === 'cancelled' ? 130 : 1
}

async function runs(lab: LabService, args: ParsedArgs): Promise<number> {
  const list = await lab.invoke('runs.list', { includeScratch: args.all === true })
  if (args.json) for (const r of list) out(JSON.stringify(r))
  else {
    out(['id', 'kind', 'status', 'started', 'duration', 'name'].join('\t'))
    for (const r of list) out([r.id, r.kind, r.status, r.createdAt, formatSeconds(r.durationSeconds), r.name].join('\t'))
  }
  return 0
}

async function exportCmd(lab: LabService, rest: string[], args: ParsedArgs): Promise<number> {
  const runId = Number(rest[0])
  if (!Number.isInteger(runId) || runId <= 0) throw new LabError('invalid', `export needs a run id, got '${rest[0] ?? ''}'`)
  const file = await lab.invoke('runs.export', { runId, format: args.format ?? 'csv' })
  process.stdout.write(file.text)
  return 0
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof LabError) {
      err(`physml: ${e.message}`)
      process.exit(2)
    }
    err(`physml: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(e instanceof Error && e.message.startsWith('unknown option') ? 2 : 1)
  }
)
