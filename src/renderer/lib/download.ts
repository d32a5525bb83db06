// Save what the service produced (runs.export, a bundle) as a file, without a server round trip.

export function downloadText(filename: string, mime: string, text: string): void {
  downloadBlob(filename, new Blob([text], { type: mime }))
}

/** Bytes (a .physml bundle) as a file. */
export function downloadBytes(filename: string, bytes: Uint8Array): void {
  downloadBlob(filename, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }))
}

function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  downloadUrl(filename, url)
  // Give the browser time to start reading the blob before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Save what a URL holds (an object URL, a data URL) as a file, through a link clicked once. */
export function downloadUrl(filename: string, url: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}
