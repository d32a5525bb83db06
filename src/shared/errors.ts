// The one error shape that crosses every process boundary.

export type LabErrorCode =
  | 'invalid' // the request or its params failed validation; nothing was changed
  | 'unknown_method'
  | 'unknown_kind'
  | 'not_found'
  | 'conflict' // e.g. controlling a job that is not running
  | 'unauthorized'
  | 'busy' // too much at once (requests in flight, a second import): try again when the first is done
  | 'damaged' // the database file failed its check at open; it was left as it is
  | 'internal'

export interface LabErrorBody {
  code: LabErrorCode
  message: string
  /** One line per validation problem, "path: message". */
  issues?: string[]
}

export class LabError extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
    readonly issues?: string[]
  ) {
    super(message)
    this.name = 'LabError'
  }

  toBody(): LabErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message }
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: LabErrorBody }
