import { z } from 'zod'

// zod 4's z.number() already refuses NaN and ±Infinity, which JSON cannot carry anyway.
export const RunId = z.number().int().positive()
export const Seed = z.number().int().min(0).max(0xffffffff)
/** The longest run name (a header or a list row shows it whole up to about here). */
export const MAX_RUN_NAME = 200
export const RunName = z.string().trim().min(1).max(MAX_RUN_NAME)
export const Kind = z.string().min(1).max(64)

/** A panel part's name in the workspace, e.g. "hopfield.library". */
export const WorkspaceKey = z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'a workspace key is 1–64 lower-case letters, digits, dots and dashes')
/** The version of a workspace value's shape: a panel ignores a value of another version. */
export const WorkspaceVersion = z.number().int().min(1).max(1_000_000)
/** What one panel part may keep as JSON text (a library of 64×64 patterns: ~190 of them). */
export const MAX_WORKSPACE_BYTES = 768 * 1024

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
export type JobState = 'queued' | 'running' | 'paused'
