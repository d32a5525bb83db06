// Every failed call ends here and is shown in the error banner until dismissed: nothing
// is swallowed. A LabError carries the service's message and, for validation failures,
// one line per problem ("path: message").

import { LabError } from '../../shared/errors'
import { refusalText, type FieldLabels } from './formIssues'

export interface Notice {
  id: number
  /** What the user was doing, e.g. "Start". */
  context: string
  message: string
  code: string | null
  issues: string[]
  /** Identical consecutive errors fold into one notice with a count. */
  count: number
}

class ErrorLog {
  items = $state<Notice[]>([])
  private nextId = 1

  /** `labels`: the form's labels by params path, for a refusal of what a form sent (its lines then name the form's fields). */
  report(e: unknown, context = '', labels?: FieldLabels): void {
    const code = e instanceof LabError ? e.code : null
    const raw = e instanceof LabError && e.issues ? [...e.issues] : []
    const worded = labels !== undefined && code === 'invalid' && raw.length > 0
    const issues = worded ? raw.map((line) => refusalText(line, labels)) : raw
    const message = worded ? `the lab refused ${raw.length === 1 ? 'this setting' : 'these settings'}:` : e instanceof Error ? e.message : String(e)
    const last = this.items[this.items.length - 1]
    if (last && last.message === message && last.context === context && last.issues.join('\n') === issues.join('\n')) {
      last.count++
      return
    }
    this.items.push({ id: this.nextId++, context, message, code, issues, count: 1 })
    // Keep the banner bounded if something fails in a loop.
    if (this.items.length > 5) this.items.splice(0, this.items.length - 5)
    console.error(context ? `${context}:` : '', e)
  }

  dismiss(id: number): void {
    const i = this.items.findIndex((n) => n.id === id)
    if (i >= 0) this.items.splice(i, 1)
  }

  clear(): void {
    this.items.length = 0
  }
}

export const errors = new ErrorLog()
