// What a researcher adds to a run: tags, a note, a star. Checked here as at the API (the store
// is its own last line), written in one transaction, so a refused change changes nothing.

import { LabError } from '../../shared/errors'
import { MAX_TAGS_PER_RUN, type Annotation, type TagCount } from '../../shared/history'
import type { Db } from './db'

export class Annotations {
  private readonly s

  constructor(private readonly db: Db) {
    this.s = {
      note: db.prepare<[string, number]>('UPDATE runs SET note = ? WHERE id = ?'),
      star: db.prepare<[number, number]>('UPDATE runs SET starred = ? WHERE id = ?'),
      addTag: db.prepare<[number, string]>('INSERT INTO run_tags (run_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      removeTag: db.prepare<[number, string]>('DELETE FROM run_tags WHERE run_id = ? AND tag = ?'),
      tagCount: db.prepare<[number], number>('SELECT count(*) FROM run_tags WHERE run_id = ?').pluck(),
      tags: db.prepare<[number], string>('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').pluck(),
      // The spelling most runs use, for each tag (case aside).
      allTags: db.prepare<[], TagCount>(
        `SELECT tag, count(*) AS runs FROM run_tags JOIN runs ON runs.id = run_tags.run_id WHERE runs.kept = 1
         GROUP BY tag ORDER BY runs DESC, tag LIMIT 2000`
      )
    }
  }

  /** Apply an annotation (already validated) to an existing run, all of it or nothing. */
  apply(a: Annotation): void {
    this.db.transaction(() => {
      if (a.note !== undefined) this.s.note.run(a.note, a.runId)
      if (a.starred !== undefined) this.s.star.run(a.starred ? 1 : 0, a.runId)
      for (const t of a.removeTags ?? []) this.s.removeTag.run(a.runId, t)
      for (const t of a.addTags ?? []) this.s.addTag.run(a.runId, t)
      const n = this.s.tagCount.get(a.runId)!
      if (n > MAX_TAGS_PER_RUN) throw new LabError('invalid', `A run has at most ${MAX_TAGS_PER_RUN} tags (this change would give it ${n}).`)
    }).immediate()
  }

  /** Tags of the kept runs with how many runs carry each: for autocomplete. */
  all(): TagCount[] {
    return this.s.allTags.all()
  }

  tagsOf(runId: number): string[] {
    return this.s.tags.all(runId)
  }

  /** Give a run these tags (a new run: an import), in the caller's transaction. */
  add(runId: number, tags: readonly string[]): void {
    for (const t of tags) this.s.addTag.run(runId, t)
  }
}
