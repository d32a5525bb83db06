// The typed client over the bridge: `call('jobs.start', {...})` checks method names and
// inputs against the shared method table at compile time; the service validates again.

import type { MethodInput, MethodName, MethodOutput } from '../../shared/api'
import { LabError, type Envelope } from '../../shared/errors'
import type { LabEvent } from '../../shared/types'
import { getBridge } from './bridge'

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const envelope = (await getBridge().invoke(method, input)) as Envelope<MethodOutput<M>>
  if (envelope.ok) return envelope.value
  throw new LabError(envelope.error.code, envelope.error.message, envelope.error.issues)
}

export function onEvent(listener: (event: LabEvent) => void): () => void {
  return getBridge().subscribe((e) => listener(e as LabEvent))
}
