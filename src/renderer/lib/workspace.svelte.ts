// What the user made in the panels and has not run yet — drawn patterns, hand-made filters,
// the forms of every job — kept in the run store's workspace table (workspace.get / .put),
// one JSON value per panel part with the version of its shape. The run store, not the page's
// localStorage: browser mode restarted on another port is another origin, whose localStorage
// is empty; the data folder is the same. So the work survives a reload, a restart of the app or
// of browser mode, and is the same in every window on the folder (the last save wins).
//
// A panel part registers at module level (`workspace.part({...})`): how to read its state
// (reactive reads: every change is saved, debounced) and how to put a saved one back. The app
// loads the workspace once, before the panels show; a saved value that does not fit the part's
// schema or version (an older lab's, a damaged one) is ignored with a note, never restored half.

import type { z } from 'zod'
import { MAX_WORKSPACE_BYTES, WorkspaceKey } from '../../shared/primitives'
import { connection } from './connection.svelte'
import { errors } from './errors.svelte'
import { call } from './lab'

export interface WorkspacePart<T> {
  /** Its row in the workspace, e.g. "hopfield.library". */
  key: string
  /** The version of the value's shape: bump it when the shape changes (older values are then ignored). */
  version: number
  /** What it is, in the user's words, for notes: "the Hopfield pattern library". */
  what: string
  schema: z.ZodType<T>
  /** The part's state now. Its reactive reads decide when it is saved again. */
  save(): T
  /** Put a saved state back (already checked against `schema`). */
  restore(value: T): void
  /** Saved at once, without the quiet time: a state that matters right before a reload. */
  immediate?: boolean
}

/** Quiet time after the last change before a part is saved (a drag of a slider makes one save). */
const SAVE_DELAY_MS = 300

interface Tracked {
  part: WorkspacePart<unknown>
  /** The JSON text last saved (or restored): an unchanged state is not sent again. */
  saved: string | null
  timer: ReturnType<typeof setTimeout> | null
  /** The JSON text waiting for its save (also while the lab service is unreachable). */
  due: string | null
  /** Saves sent and not yet answered. */
  inFlight: number
  tooLarge: boolean
}

export class Workspace {
  /** The saved workspace has been read and put back: panels may show. */
  ready = $state(false)
  /** Parts with a save waiting or unanswered (0: everything the user made is stored). */
  pending = $state(0)
  /** What could not be restored or kept, for the user. */
  notes = $state<{ id: number; text: string }[]>([])
  private readonly parts = new Map<string, Tracked>()
  private nextNote = 1
  private loading: Promise<void> | null = null

  constructor() {
    // What changed while the lab service was unreachable is saved when it is back.
    connection.onReopen(() => this.flush())
  }

  part<T>(part: WorkspacePart<T>): void {
    if (this.parts.has(part.key)) throw new Error(`workspace part ${part.key} registered twice`)
    // The service refuses any other key: every save of the part would fail, at run time.
    if (!WorkspaceKey.safeParse(part.key).success) throw new Error(`workspace part key ${part.key} is not a WorkspaceKey`)
    this.parts.set(part.key, { part: part as WorkspacePart<unknown>, saved: null, timer: null, due: null, inFlight: 0, tooLarge: false })
    if (this.ready) this.watch(this.parts.get(part.key)!)
  }

  /** Read the saved workspace, restore every part, then save each part whenever it changes. Once. */
  load(): Promise<void> {
    this.loading ??= this.read()
    return this.loading
  }

  dismissNote(id: number): void {
    this.notes = this.notes.filter((n) => n.id !== id)
  }

  /** Send every save still waiting for its quiet time (the page is going away). */
  flush(): void {
    for (const t of this.parts.values()) if (t.due) this.send(t)
  }

  private async read(): Promise<void> {
    try {
      const entries = await call('workspace.get', {})
      for (const e of entries) {
        const t = this.parts.get(e.key)
        if (!t) continue
        const { part } = t
        const parsed = e.version === part.version ? part.schema.safeParse(e.value) : null
        if (!parsed?.success) {
          this.note(`The saved state of ${part.what} was made by another version of the lab and could not be read: it starts afresh.`)
          continue
        }
        try {
          part.restore(parsed.data)
          t.saved = JSON.stringify(part.save())
        } catch (err) {
          this.note(`The saved state of ${part.what} could not be put back (${err instanceof Error ? err.message : String(err)}): it starts afresh.`)
        }
      }
    } catch (e) {
      errors.report(e, 'Read the saved panels')
    } finally {
      this.ready = true
      for (const t of this.parts.values()) this.watch(t)
    }
  }

  private watch(t: Tracked): void {
    // A part with nothing saved shows its defaults: nothing to store until it changes.
    t.saved ??= JSON.stringify(t.part.save())
    $effect.root(() => {
      $effect(() => {
        const text = JSON.stringify(t.part.save())
        if (t.timer !== null) clearTimeout(t.timer)
        t.timer = null
        // Back to what is stored: a save still waiting has nothing to say.
        t.due = text === t.saved ? null : text
        if (t.due !== null) t.timer = setTimeout(() => this.send(t), t.part.immediate ? 0 : SAVE_DELAY_MS)
        this.recount()
      })
    })
  }

  private recount(): void {
    let n = 0
    for (const t of this.parts.values()) if (t.due !== null || t.inFlight > 0) n++
    this.pending = n
  }

  private send(t: Tracked): void {
    if (t.timer !== null) clearTimeout(t.timer)
    t.timer = null
    // Unreachable: it stays due, and goes when the connection is back (onReopen).
    if (connection.state !== 'open') return
    const due = t.due
    t.due = null
    if (!due) return
    const { part } = t
    if (due.length > MAX_WORKSPACE_BYTES) {
      this.recount()
      if (!t.tooLarge)
        this.note(
          `${capitalized(part.what)} is too large to keep across reloads (${Math.ceil(due.length / 1024)} KiB; at most ${MAX_WORKSPACE_BYTES / 1024} KiB): what you change now is lost on a reload.`
        )
      t.tooLarge = true
      return
    }
    t.tooLarge = false
    // The value as JSON has it (a NaN of an emptied number field is null), as it will be read back.
    t.inFlight++
    this.recount()
    call('workspace.put', { key: part.key, version: part.version, value: JSON.parse(due) as Record<string, unknown> })
      .then(() => {
        t.saved = due
      })
      .catch((e: unknown) => {
        // Lost with the connection: sent again when it is back (unless changed meanwhile).
        if (connection.state !== 'open') t.due ??= due
        else errors.report(e, `Keep ${part.what}`)
      })
      .finally(() => {
        t.inFlight--
        this.recount()
      })
  }

  private note(text: string): void {
    this.notes = [...this.notes, { id: this.nextNote++, text }]
  }
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

export const workspace = new Workspace()

if (typeof addEventListener === 'function') addEventListener('pagehide', () => workspace.flush())
