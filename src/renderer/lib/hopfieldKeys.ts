// Which keys belong to the focused control (so a panel shortcut must not take them).

export function ownsKey(t: EventTarget | null, key: string): boolean {
  if (typeof HTMLElement === 'undefined' || !(t instanceof HTMLElement)) return false
  if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true
  // The drawing grid uses arrows, Space, Enter, + and − itself.
  if (t.getAttribute('role') === 'application') return true
  if (t.tagName === 'INPUT') {
    const type = (t as HTMLInputElement).type
    if (type === 'range') return key.startsWith('Arrow') || key === 'Home' || key === 'End' || key === 'PageUp' || key === 'PageDown'
    if (type === 'radio' || type === 'checkbox') return key === ' ' || key.startsWith('Arrow')
    return true
  }
  if (t.getAttribute('role') === 'tab' || t.getAttribute('role') === 'option') return key.startsWith('Arrow') || key === 'Home' || key === 'End' || key === ' ' || key === 'Enter'
  // Space and Enter activate a focused button, link or summary natively.
  return (key === ' ' || key === 'Enter') && (t.tagName === 'BUTTON' || t.tagName === 'A' || t.tagName === 'SUMMARY')
}

/** A shortcut key as typed: letters lower-cased, named keys as they are. */
export function shortcutKey(e: KeyboardEvent): string | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownsKey(e.target, e.key)) return null
  return e.key.length === 1 ? e.key.toLowerCase() : e.key
}
