// Which engine function runs each job kind. The kinds' specs (params schemas, series) live
// in src/shared/kinds; this table binds them to engine code, and only the worker imports it.

import type { EngineKinds } from './host'
import { runIsingLive } from '../../engine/ising/live'

export const engineKinds: EngineKinds = {
  'ising.live': runIsingLive
}
