// Save text the service produced (runs.export) as a file, without a server round trip.

export function downloadText(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }))
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
