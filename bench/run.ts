// npm run bench [-- --json] [-- --filter NAME]
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { median, type BenchCase } from './harness'

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const json = args.includes('--json')
  const fi = args.indexOf('--filter')
  const filter = fi >= 0 ? args[fi + 1] : undefined
  if (fi >= 0 && !filter) throw new Error('--filter needs a NAME (a substring of the bench names)')

  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort()
  const cases: BenchCase[] = []
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(__dirname, f)).href)) as { benches?: BenchCase[] }
    cases.push(...(mod.benches ?? []))
  }
  const selected = cases.filter((c) => !filter || c.name.includes(filter))
  if (selected.length === 0) throw new Error(`no bench matches ${filter ?? '(none defined)'}`)

  const rows: string[][] = []
  const notes: string[] = []
  for (const c of selected) {
    await c.setup?.()
    const ref = c.reference && !c.reference.unavailable ? c.reference : null
    const values: number[] = []
    const refs: number[] = []
    for (let i = 0; i < (c.repeats ?? 5); i++) {
      values.push(await c.measure())
      if (ref) refs.push(await ref.measure())
    }
    await c.teardown?.()
    const med = median(values)
    const ratio = ref ? median(values.map((v, i) => v / refs[i])) : null
    const params = Object.entries(c.params ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')
    if (c.reference?.unavailable) notes.push(`${c.name} ${params}: no ${c.reference.label} reference (${c.reference.unavailable})`)
    const line = {
      bench: c.name,
      value: med,
      unit: c.unit,
      ...c.params,
      repeats: values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      ...(ref ? { reference: { label: ref.label, value: median(refs) }, ratio } : {})
    }
    if (json) process.stdout.write(JSON.stringify(line) + '\n')
    else {
      const vs = ref ? [fmt(median(refs)), `${ratio!.toFixed(2)}×`] : ['', '']
      rows.push([c.name, params, fmt(med), c.unit, `${fmt(Math.min(...values))}…${fmt(Math.max(...values))}`, String(values.length), ...vs])
      process.stderr.write(`  ${c.name} ${params}: ${fmt(med)} ${c.unit}${ref ? ` (${ref.label}: ${vs[0]}, ratio ${vs[1]})` : ''}\n`)
    }
  }
  if (json) return
  printTable(['bench', 'params', 'median', 'unit', 'range', 'n', 'reference', 'ratio'], rows)
  const labels = [...new Set(selected.flatMap((c) => (c.reference && !c.reference.unavailable ? [c.reference.label] : [])))]
  for (const l of labels) console.log(`reference: ${l} (ratio = median of per-repeat ratios, measured back to back)`)
  for (const n of notes) console.log(`note: ${n}`)
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  const a = Math.abs(v)
  if (a >= 1e6) return v.toExponential(3)
  if (a >= 100) return v.toFixed(0)
  if (a >= 1) return v.toFixed(2)
  return v.toPrecision(3)
}

function printTable(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i])).join('  ')
  console.log(line(head))
  console.log(w.map((n) => '-'.repeat(n)).join('  '))
  for (const r of rows) console.log(line(r))
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
