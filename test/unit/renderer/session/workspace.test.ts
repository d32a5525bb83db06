// The workspace (src/renderer/lib/workspace.svelte.ts) through a fake lab service: what the
// store holds is put back only when it fits the part's version and schema (else a note, and
// the part keeps its defaults); each change is saved once, a moment after the last one; a value
// too large to keep is not sent, and said so.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { FakeLab, settle } from './fakeLab'
import type { WorkspaceEntry } from '../../../../src/shared/types'

const lab = new FakeLab()
lab.install()
const { Workspace } = await import('../../../../src/renderer/lib/workspace.svelte')
const { PanelState } = await import('./panelState.svelte')
const { errors } = await import('../../../../src/renderer/lib/errors.svelte')
const { connection } = await import('../../../../src/renderer/lib/connection.svelte')

const Value = z.object({ name: z.string(), count: z.number().int().min(0), pixels: z.string().regex(/^[+-]*$/) })

function setup(saved: WorkspaceEntry[], options: { immediate?: boolean } = {}) {
  const ws = new Workspace()
  const state = new PanelState()
  ws.part({
    key: 'test.panel',
    version: 2,
    what: 'the test panel',
    schema: Value,
    save: () => ({ name: state.name, count: state.count, pixels: state.pixels }),
    restore: (v) => Object.assign(state, v),
    ...options
  })
  const puts: Record<string, unknown>[] = []
  lab.on('workspace.get', () => saved)
  lab.on('workspace.put', (input) => {
    puts.push(input as Record<string, unknown>)
    return { savedAt: '2026-01-01T00:00:00.000Z' }
  })
  return { ws, state, puts }
}

const entry = (value: unknown, version = 2, key = 'test.panel'): WorkspaceEntry => ({ key, version, value, savedAt: '2026-01-01T00:00:00.000Z' })

let reported: unknown[] = []
beforeEach(() => {
  lab.reset()
  reported = []
  vi.spyOn(errors, 'report').mockImplementation((e) => void reported.push(e))
})
afterEach(() => {
  vi.useRealTimers()
})

describe('registering', () => {
  it('refuses a key the service would refuse (every save would fail) and a key registered twice', () => {
    const ws = new Workspace()
    const part = (key: string) => ({ key, version: 1, what: 'a part', schema: Value, save: () => ({ name: '', count: 0, pixels: '' }), restore: () => undefined })
    expect(() => ws.part(part('rbm.drawnDigit'))).toThrow('not a WorkspaceKey')
    ws.part(part('rbm.drawn-digit'))
    expect(() => ws.part(part('rbm.drawn-digit'))).toThrow('registered twice')
  })
})

describe('loading', () => {
  it('puts back a saved state that fits, and saves nothing it just read', async () => {
    const { ws, state, puts } = setup([entry({ name: 'letters', count: 4, pixels: '++--' }), entry({ x: 1 }, 1, 'other.panel')])
    await ws.load()
    expect(ws.ready).toBe(true)
    expect([state.name, state.count, state.pixels]).toEqual(['letters', 4, '++--'])
    expect(ws.notes).toEqual([])
    await new Promise((r) => setTimeout(r, 400))
    expect(puts).toEqual([])
    expect(ws.pending).toBe(0)
  })

  it('ignores a state of another version or shape with a note, keeping the defaults (never half restored)', async () => {
    for (const bad of [entry({ name: 'letters', count: 4, pixels: '++--' }, 1), entry({ name: 'letters', count: -1, pixels: '++--' }), entry({ name: 'letters', count: 4, pixels: 'xx' }), entry('not an object')]) {
      const { ws, state } = setup([bad])
      await ws.load()
      expect(ws.ready).toBe(true)
      expect([state.name, state.count, state.pixels]).toEqual(['stripes', 2, '+-+-'])
      expect(ws.notes.map((n) => n.text)).toEqual(['The saved state of the test panel was made by another version of the lab and could not be read: it starts afresh.'])
    }
    expect(reported).toEqual([])
  })

  it('a service that cannot be read leaves every part at its defaults, and says so', async () => {
    const { ws, state } = setup([])
    lab.on('workspace.get', () => {
      throw new Error('down')
    })
    await ws.load()
    expect(ws.ready).toBe(true)
    expect(state.name).toBe('stripes')
    expect(reported).toHaveLength(1)
  })
})

describe('saving', () => {
  it('saves a change once, a moment after the last of a burst, and only when it differs from what is stored', async () => {
    const { ws, state, puts } = setup([])
    await ws.load()
    state.count = 3
    await settle()
    state.count = 4
    state.name = 'drawn'
    await settle()
    expect(ws.pending).toBe(1)
    expect(puts).toEqual([])
    await new Promise((r) => setTimeout(r, 400))
    expect(puts).toEqual([{ key: 'test.panel', version: 2, value: { name: 'drawn', count: 4, pixels: '+-+-' } }])
    expect(ws.pending).toBe(0)
    // Back and forth to what is stored: nothing to send.
    state.count = 5
    await settle()
    state.count = 4
    await new Promise((r) => setTimeout(r, 400))
    expect(puts).toHaveLength(1)
    expect(ws.pending).toBe(0)
  })

  it('a part saved at once (a state that matters right before a reload) is sent without the quiet time', async () => {
    const { ws, state, puts } = setup([], { immediate: true })
    await ws.load()
    state.count = 9
    await new Promise((r) => setTimeout(r, 20))
    expect(puts).toEqual([{ key: 'test.panel', version: 2, value: { name: 'stripes', count: 9, pixels: '+-+-' } }])
  })

  it('flush() sends a waiting save at once (the page is going away)', async () => {
    const { ws, state, puts } = setup([])
    await ws.load()
    state.pixels = '++++'
    await settle()
    ws.flush()
    await settle()
    expect(puts).toEqual([{ key: 'test.panel', version: 2, value: { name: 'stripes', count: 2, pixels: '++++' } }])
  })

  it('a state too large to keep is not sent; the user is told once; it is sent again when it fits', async () => {
    const { ws, state, puts } = setup([])
    await ws.load()
    state.pixels = '+'.repeat(800 * 1024)
    await new Promise((r) => setTimeout(r, 400))
    state.pixels = '-'.repeat(800 * 1024)
    await new Promise((r) => setTimeout(r, 400))
    expect(puts).toEqual([])
    expect(ws.pending).toBe(0)
    expect(ws.notes.map((n) => n.text)).toEqual([
      'The test panel is too large to keep across reloads (801 KiB; at most 768 KiB): what you change now is lost on a reload.'
    ])
    state.pixels = '+-'
    await new Promise((r) => setTimeout(r, 400))
    expect(puts).toEqual([{ key: 'test.panel', version: 2, value: { name: 'stripes', count: 2, pixels: '+-' } }])
  })

  it('while the lab service is unreachable a change waits, unreported, and is saved when it is back', async () => {
    const { ws, state, puts } = setup([])
    await ws.load()
    connection.state = 'closed'
    try {
      state.name = 'drawn offline'
      await new Promise((r) => setTimeout(r, 400))
      expect(puts).toEqual([])
      expect(ws.pending).toBe(1)
      expect(reported).toEqual([])
    } finally {
      connection.state = 'open'
    }
    // What the connection's reopen does.
    ws.flush()
    await settle()
    expect(puts).toEqual([{ key: 'test.panel', version: 2, value: { name: 'drawn offline', count: 2, pixels: '+-+-' } }])
    expect(ws.pending).toBe(0)
  })
})
