// What a typed run name lacks, in the words of the Rename field. The service checks the same
// rule (RunName); saying it here keeps the old name and tells why, before any call.

import { MAX_RUN_NAME, RunName } from '../../shared/primitives'
import { fmtInt } from './format'

/** Why `text` cannot be a run's name, or null when it can. */
export function renameProblem(text: string): string | null {
  if (RunName.safeParse(text).success) return null
  const length = text.trim().length
  if (length === 0) return 'A run needs a name: type one, or Cancel to keep the old name.'
  return `A name has at most ${fmtInt(MAX_RUN_NAME)} characters; this one has ${fmtInt(length)}. Shorten it, or Cancel to keep the old name.`
}
