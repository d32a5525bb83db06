// Every run that enters the store from outside (a bundle, a merge of shards) is checked here,
// whole, before anything is written: its kind is one this lab knows, its params parse with the
// kind's schema and its result with the kind's result schema, its series are the kind's and
// well formed, its artifacts are ones the kind writes, of a stored type and a possible size.
// A refusal names the run (its id and name where it came from) and what is wrong, in words.

import { z } from 'zod'
import { LabError } from '../../shared/errors'
import { Note, RunOrigin, SeriesName, Tag, MAX_TAGS_PER_RUN } from '../../shared/history'
import { storedKind } from '../../shared/kinds/storedKinds'
import { artifactPattern, type ArtifactSpec } from '../../shared/kinds/define'
import { RunName, Seed } from '../../shared/primitives'
import { TYPED_ARRAYS, type TypedArrayName } from '../../shared/typedArrays'
import { MAX_ISSUES } from '../../shared/validate'
import type { BundledRun } from './bundleFormat'
import { MAX_BLOB_BYTES } from './limits'

export const MAX_ERROR_CHARS = 10_000
export const MAX_LOG_CHARS = 10_000
const MAX_LOG_LINES = 100_000
const MAX_SERIES = 4096

const Stamp = z.iso.datetime({ offset: true })
const FinalStatus = z.enum(['done', 'failed', 'cancelled', 'interrupted'])

const patterns = new Map<string, RegExp[]>()
function artifactPatterns(kind: string, specs: readonly ArtifactSpec[]): RegExp[] {
  let p = patterns.get(kind)
  if (!p) patterns.set(kind, (p = specs.map(artifactPattern)))
  return p
}

/** Checks one run; throws LabError('invalid') saying which run and what is wrong. */
export function checkRun(r: BundledRun, where: string): void {
  const who = `${where}, run ${r.id}${typeof r.name === 'string' ? ` “${r.name.slice(0, 80)}”` : ''}`
  const fail = (what: string, issues?: string[]): never => {
    throw new LabError('invalid', `${who}: ${what}`, issues)
  }
  const field = <S extends z.ZodType>(schema: S, value: unknown, what: string): void => {
    const p = schema.safeParse(value)
    if (!p.success) fail(`${what}: ${p.error.issues.slice(0, MAX_ISSUES).map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`).join('; ')}`)
  }

  const spec = storedKind(r.kind)
  if (!spec) fail(`it is a run of kind '${String(r.kind).slice(0, 64)}', which this PhysML Lab does not know (it may come from a newer version)`)
  field(RunName, r.name, 'its name')
  field(Seed, r.seed, 'its seed')
  field(FinalStatus, r.status, 'its status (a bundle holds ended runs only)')
  field(Stamp, r.createdAt, 'its start time')
  if (r.finishedAt !== null) field(Stamp, r.finishedAt, 'its end time')
  if (r.error !== null && (typeof r.error !== 'string' || r.error.length > MAX_ERROR_CHARS)) fail('its error message is not a text of at most 10,000 characters')
  field(z.string().min(1).max(40), r.appVersion, 'the version of the lab that made it')
  field(Note, r.note, 'its note')
  field(z.array(Tag).max(MAX_TAGS_PER_RUN), r.tags, 'its tags')
  if (r.origin !== null) field(RunOrigin, r.origin, 'where it came from')

  // The kind's own schemas: what a job of this kind could have run with and returned.
  const params = spec!.params.safeParse(r.params)
  if (!params.success) fail(`its params are not valid ${spec!.kind} params`, params.error.issues.slice(0, MAX_ISSUES).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`))
  if (r.result !== null) {
    const result = spec!.result.safeParse(r.result)
    if (!result.success) fail(`its result is not a valid ${spec!.kind} result`, result.error.issues.slice(0, MAX_ISSUES).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`))
  }

  if (r.series.length > MAX_SERIES) fail(`it has ${r.series.length} series, more than ${MAX_SERIES}`)
  const seen = new Set<string>()
  for (const s of r.series) {
    field(SeriesName, s.name, 'a series name')
    if (seen.has(s.name)) fail(`series '${s.name}' appears twice`)
    seen.add(s.name)
    if (!(spec!.series ?? []).includes(s.name)) fail(`series '${s.name}' is not one that ${spec!.kind} records`)
    if (s.steps.length !== s.values.length) fail(`series '${s.name}' has ${s.steps.length} steps but ${s.values.length} values`)
    for (let i = 0; i < s.steps.length; i++) {
      const step = s.steps[i]
      if (!Number.isSafeInteger(step) || (i > 0 && step <= s.steps[i - 1])) fail(`series '${s.name}': step ${i} is ${step}; steps are whole numbers in increasing order`)
    }
  }

  const declared = artifactPatterns(spec!.kind, spec!.artifacts)
  const names = new Set<string>()
  for (const a of r.artifacts) {
    if (typeof a.name !== 'string' || a.name.length === 0 || a.name.length > 128) fail('an artifact has no valid name')
    if (names.has(a.name)) fail(`artifact '${a.name}' appears twice`)
    names.add(a.name)
    if (!declared.some((re) => re.test(a.name))) fail(`artifact '${a.name.slice(0, 128)}' is not one that ${spec!.kind} writes`)
    if (!Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, a.type)) fail(`artifact '${a.name}' has type '${String(a.type).slice(0, 32)}', not one the store keeps`)
    const size = TYPED_ARRAYS[a.type as TypedArrayName].BYTES_PER_ELEMENT
    if (a.data.byteLength % size !== 0) fail(`artifact '${a.name}' holds ${a.data.byteLength} bytes, not a whole number of ${a.type} values`)
    if (a.data.byteLength > MAX_BLOB_BYTES) fail(`artifact '${a.name}' is ${a.data.byteLength} bytes, more than one value of the database can hold`)
    if (typeof a.meta !== 'object' || a.meta === null || Array.isArray(a.meta)) fail(`artifact '${a.name}' has no valid description (meta)`)
  }

  if (r.log.length > MAX_LOG_LINES) fail(`its log has ${r.log.length} lines, more than ${MAX_LOG_LINES}`)
  for (const l of r.log)
    if (typeof l.at !== 'string' || l.at.length > 40 || typeof l.message !== 'string' || l.message.length > MAX_LOG_CHARS) fail('its log has a malformed line')
}
