// A small strict parser for `--name value` and `--flag` options: an unknown option or a
// malformed number is an error, never silently ignored.

export type ArgSpec = Record<string, 'string' | 'number' | 'boolean'>

export interface ParsedArgs {
  _: string[]
  [name: string]: string | number | boolean | string[] | undefined
}

export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const out: ParsedArgs = { _: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) {
      out._.push(a)
      continue
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    const type = spec[name]
    if (!type) throw new Error(`unknown option --${name}`)
    if (type === 'boolean') {
      out[name] = true
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined) throw new Error(`--${name} needs a value`)
    if (type === 'number') {
      const n = Number(value)
      if (value.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got '${value}'`)
      out[name] = n
    } else out[name] = value
  }
  return out
}
