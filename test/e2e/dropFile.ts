// Dropping a file on an element, as a user dragging it from their desktop would (Playwright
// has no native file drag): a DataTransfer with the file, dispatched as a drop event.
import type { Locator } from '@playwright/test'

export async function dropFile(target: Locator, name: string, bytes: Uint8Array, type = 'application/octet-stream'): Promise<void> {
  await target.evaluate(
    (el, { name, bytes, type }) => {
      // Browser globals, typed here because the tests' tsconfig has no DOM library.
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: unknown): void } }
        File: new (parts: unknown[], name: string, opts: { type: string }) => unknown
        DragEvent: new (type: string, init: Record<string, unknown>) => unknown
      }
      const dt = new g.DataTransfer()
      dt.items.add(new g.File([new Uint8Array(bytes)], name, { type }))
      ;(el as unknown as { dispatchEvent(e: unknown): boolean }).dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
    },
    { name, bytes: Array.from(bytes), type }
  )
}
