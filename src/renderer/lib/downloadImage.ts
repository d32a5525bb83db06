// Save a chart picture (a data URL from LineChart's png()) as a file.

import { downloadUrl } from './download'

export function downloadDataUrl(filename: string, dataUrl: string): void {
  downloadUrl(filename, dataUrl)
}

/** A file name from free text: letters, digits, dot, dash and underscore only. */
export function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'chart'
}
