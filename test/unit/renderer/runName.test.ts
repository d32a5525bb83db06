import { describe, expect, it } from 'vitest'
import { renameProblem } from '../../../src/renderer/lib/runName'
import { MAX_RUN_NAME, RunName } from '../../../src/shared/primitives'

describe('renameProblem', () => {
  it('refuses an empty or blank name, in the words of the field', () => {
    for (const blank of ['', '   ', '\t\n']) expect(renameProblem(blank)).toBe('A run needs a name: type one, or Cancel to keep the old name.')
  })

  it('accepts exactly what the service accepts: the cap counts the trimmed name', () => {
    const atCap = 'x'.repeat(MAX_RUN_NAME)
    expect(renameProblem(atCap)).toBeNull()
    expect(renameProblem(`  ${atCap}  `)).toBeNull()
    expect(RunName.safeParse(`  ${atCap}  `).success).toBe(true)
    const over = 'x'.repeat(MAX_RUN_NAME + 1)
    expect(RunName.safeParse(over).success).toBe(false)
    expect(renameProblem(over)).toBe(`A name has at most ${MAX_RUN_NAME} characters; this one has ${MAX_RUN_NAME + 1}. Shorten it, or Cancel to keep the old name.`)
    expect(renameProblem('x'.repeat(500))).toContain('this one has 500')
  })
})
