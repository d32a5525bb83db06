// `--shard I/N` (I from 0, as Slurm's array task ids) or `--shard slurm`, which reads the
// array job's environment: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, and
// SLURM_ARRAY_TASK_MIN when the array does not start at 0 (`--array=1-4`).

import { LabError } from '../../shared/errors'
import type { Shard } from '../../shared/history'

const int = (text: string | undefined): number | null => (text !== undefined && /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null)

export function parseShard(value: string, env: Readonly<Record<string, string | undefined>>): Shard {
  if (value === 'slurm') {
    const id = int(env.SLURM_ARRAY_TASK_ID)
    const count = int(env.SLURM_ARRAY_TASK_COUNT)
    if (id === null || count === null)
      throw new LabError('invalid', '--shard slurm needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, which sbatch --array sets in each task of an array job.')
    const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : int(env.SLURM_ARRAY_TASK_STEP)
    if (step !== 1) throw new LabError('invalid', `--shard slurm needs an array of consecutive task ids (--array=0-${count - 1}), not one with step ${env.SLURM_ARRAY_TASK_STEP}.`)
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : int(env.SLURM_ARRAY_TASK_MIN)
    if (min === null) throw new LabError('invalid', `SLURM_ARRAY_TASK_MIN is '${env.SLURM_ARRAY_TASK_MIN}', not a task id.`)
    return checked(id - min, count, `task ${id} of an array from ${min}`)
  }
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(value.trim())
  if (!m) throw new LabError('invalid', `--shard must be I/N (shard I of N, I from 0, e.g. 0/4) or 'slurm', got '${value}'.`)
  return checked(Number(m[1]), Number(m[2]), value)
}

function checked(index: number, count: number, what: string): Shard {
  if (count < 1 || count > 10_000) throw new LabError('invalid', `--shard ${what}: the number of shards must be from 1 to 10,000.`)
  if (index < 0 || index >= count) throw new LabError('invalid', `--shard ${what}: the shard index must be from 0 to ${count - 1} (shards count from 0).`)
  return { index, count }
}
