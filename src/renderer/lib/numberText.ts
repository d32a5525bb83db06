// The text of a number field, read the one way every form reads it. What the user typed is
// never rewritten: a text that is not a number reads as NaN (the form's check then says so,
// in the words of the form), an empty one as undefined. Pure: unit-tested in
// test/unit/renderer/numberText.test.ts.

/** The number a field's text holds: undefined when empty, NaN when it is not a number. */
export function readNumber(text: string): number | undefined {
  const t = text
    .trim()
    // Thin and no-break spaces, underscores and "1,000"-style separators group digits; "−" is a minus.
    .replace(/[\u2009\u202f\u00a0_ ]/g, '')
    .replace(/,(?=\d{3}(?:\D|$))/g, '')
    .replace(/\u2212/g, '-')
  if (t === '') return undefined
  // Number('0x10'), Number('') and Number(' ') are not what a physicist means by a number.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number.NaN
  return Number(t)
}

/**
 * A number as a field shows it: at most 12 significant digits, so float noise from arithmetic
 * (0.1 + 0.2, 0.02 · 2) reads as the value meant (0.3, 0.04). Empty for undefined and NaN.
 */
export function numberText(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return ''
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity'
  return String(Number(v.toPrecision(12)))
}

/** Whether a field's text already stands for `v` (NaN stands for any text that is not a number). */
export function textHolds(text: string, v: number | undefined): boolean {
  const r = readNumber(text)
  if (r === undefined || v === undefined) return r === v
  return Number.isNaN(r) ? Number.isNaN(v) : r === v
}

/** `v` moved by `step` (arrow keys), rounded to the step's decimals so 0.1 + 0.2 stays 0.3. */
export function stepped(v: number, step: number, direction: 1 | -1): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(Math.abs(step) || 1) + 1e-9)) + 2
  return Number((v + direction * step).toFixed(Math.min(20, decimals)))
}
