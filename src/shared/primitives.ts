import { z } from 'zod'

// zod 4's z.number() already refuses NaN and ±Infinity, which JSON cannot carry anyway.
export const RunId = z.number().int().positive()
export const Seed = z.number().int().min(0).max(0xffffffff)
export const RunName = z.string().trim().min(1).max(200)
export const Kind = z.string().min(1).max(64)

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
export type JobState = 'queued' | 'running' | 'paused'
