// The headless command line over the same service, jobs and store as the app.
//   physml kinds [--json]
//   physml run <kind> --params '<json>' [--seed N] [--name S] [--data DIR] [--json] [--confirm]
//              [--shard I/N | --shard slurm] [--bundle FILE]
//   physml runs [--json] [--data DIR] [--all]
//   physml export <runId…> --format csv|json|physml [--out FILE] [--data DIR]
//   physml import FILE… [--merge] [--name S] [--data DIR] [--json]
//   physml merge FILE… [--bundle FILE] [--name S] [--data DIR] [--json]
//   any command: --new-database keeps a damaged database aside and starts a new one

import { createLab } from '../app/createLab'
import { defaultDataDir } from '../app/paths'
import { LabError } from '../../shared/errors'
import { rowsOf } from '../../shared/metrics'
import type { LabService } from '../service/labService'
import { parseArgs, type ParsedArgs } from './args'
import { parseShard } from './shardArg'

const USAGE = `usage:
  physml kinds [--json]
  physml run <kind> --params '<json>' [--seed N] [--name NAME] [--data DIR] [--json] [--confirm]
             [--shard I/N | --shard slurm] [--bundle FILE]
  physml runs [--json] [--all] [--data DIR]
  physml export <runId…> --format csv|json [--data DIR]
  physml export <runId…> --format physml --out FILE [--data DIR]
  physml import FILE… [--merge] [--name NAME] [--data DIR] [--json]
  physml merge FILE… [--bundle FILE] [--name NAME] [--data DIR] [--json]
  --shard I/N: run the I-th of N disjoint parts (I from 0) of an ising.sweep, ising.dataset or
               hopfield.capacity; 'slurm' takes I and N from SLURM_ARRAY_TASK_ID/_COUNT.
               Every shard needs the same --seed.
  --bundle FILE: when the run ends done (or after a merge), write it to FILE as a .physml bundle
  merge: join the shards in the bundles into the one run they split, and store it
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
  'new-database': 'boolean',
  shard: 'string',
  bundle: 'string',
  out: 'string',
  merge: 'boolean'
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
  // Only `run`, `import` and `merge` write: the other commands read, and never clean up after another process.
  const lab = await createLab({
    dataDir: (args.data as string | undefined) ?? defaultDataDir(),
    transport: 'cli',
    readOnly: !['run', 'import', 'merge'].includes(command),
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
      case 'import':
        return await importCmd(lab, rest, args, args.merge === true)
      case 'merge':
        return await importCmd(lab, rest, args, true)
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
  const shard = args.shard === undefined ? undefined : parseShard(args.shard as string, process.env)
  if (shard && args.seed === undefined) throw new LabError('invalid', '--shard needs --seed: every shard of a run must use the same seed.')
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
    ...(shard ? { shard } : {}),
    confirm: args.confirm === true
  })
  runId = started.runId
  err(`run ${runId}: ${kind}${shard ? ` shard ${shard.index}/${shard.count}` : ''} started (seed ${started.seed})`)
  const onSigint = (): void => {
    err(`run ${runId}: cancelling…`)
    void lab.invoke('jobs.cancel', { runId }).catch(() => undefined)
  }
  process.once('SIGINT', onSigint)
  const end = await finished
  process.off('SIGINT', onSigint)
  err(`run ${runId}: ${end.status}${end.error ? ` — ${end.error}` : ''}`)
  if (args.bundle !== undefined) {
    if (end.status === 'done') {
      const b = await lab.history.exportFile([runId], args.bundle as string)
      err(`run ${runId}: written to ${args.bundle as string} (${formatBytes(b.size)})`)
    } else err(`run ${runId}: not written to ${args.bundle as string}: it did not end done`)
  }
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
  const ids = rest.map((r) => {
    const id = Number(r)
    if (!Number.isInteger(id) || id <= 0) throw new LabError('invalid', `export needs run ids, got '${r}'`)
    return id
  })
  if (ids.length === 0) throw new LabError('invalid', 'export needs a run id: physml export <runId…> --format csv|json|physml')
  const format = (args.format as string | undefined) ?? 'csv'
  if (format === 'physml') {
    if (args.out === undefined) throw new LabError('invalid', 'a bundle is a binary file: name it with --out FILE (e.g. --out runs.physml)')
    const b = await lab.history.exportFile(ids, args.out as string)
    err(`${b.runs} run${b.runs === 1 ? '' : 's'} written to ${args.out as string} (${formatBytes(b.size)})`)
    return 0
  }
  if (ids.length !== 1) throw new LabError('invalid', `--format ${format} exports one run; a bundle (--format physml) holds several`)
  const file = await lab.invoke('runs.export', { runId: ids[0], format })
  process.stdout.write(file.text)
  return 0
}

async function importCmd(lab: LabService, files: string[], args: ParsedArgs, merge: boolean): Promise<number> {
  if (files.length === 0) throw new LabError('invalid', `${merge ? 'merge' : 'import'} needs .physml files: physml ${merge ? 'merge' : 'import'} FILE…`)
  const report = await lab.history.importFiles(files, merge, args.name as string | undefined)
  if (merge && args.bundle !== undefined) {
    const b = await lab.history.exportFile(report.runIds, args.bundle as string)
    err(`merged run written to ${args.bundle as string} (${formatBytes(b.size)})`)
  }
  if (args.json) out(JSON.stringify(report))
  else if (merge) out(`merged ${report.runsRead} shards from ${report.files} file${report.files === 1 ? '' : 's'} into run ${report.runIds[0]}`)
  else out(`imported ${report.runIds.length} run${report.runIds.length === 1 ? '' : 's'} from ${report.files} file${report.files === 1 ? '' : 's'}: ${report.runIds.join(', ')}`)
  return 0
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`
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
