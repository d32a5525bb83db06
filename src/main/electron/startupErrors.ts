// A start that fails is said in a native dialog, with the reason and the file: the app has no
// window yet, and a console line is invisible to someone who started it from a menu. A damaged
// database offers its way out: keep it aside under another name and start a new one.

import { dialog } from 'electron'
import { LabError } from '../../shared/errors'

/** Ask what to do about a damaged database: true = keep it aside and start a new one. */
export async function askNewDatabase(error: LabError): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'PhysML Lab: the run database is damaged',
    message: 'The run database is damaged, so PhysML Lab did not open it.',
    detail:
      `${error.message}\n\nStart a new database: the damaged file is kept, unchanged, under another ` +
      'name in the same folder (for recovery tools), and a new, empty database is started beside it.\n' +
      'Quit: nothing is changed.',
    buttons: ['Quit', 'Start a new database'],
    defaultId: 0,
    cancelId: 0,
    noLink: true
  })
  return response === 1
}

/** Any other failure at start: the reason (with the file it concerns, when there is one). */
export function showStartFailure(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e)
  dialog.showErrorBox('PhysML Lab could not start', message)
}
