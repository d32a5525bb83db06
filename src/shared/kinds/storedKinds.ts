import type { StoredKind } from './define'
import { jobKinds } from './index'
import { importedDataset } from './importedDataset'

/**
 * Every kind of run the store may hold, by name: the job kinds and the runs that are not jobs
 * (an imported image dataset). A bundle's runs are checked against these, and only these.
 */
export const storedKinds: Readonly<Record<string, StoredKind & { series?: readonly string[] }>> = {
  ...jobKinds,
  [importedDataset.kind]: importedDataset
}

export function storedKind(kind: string): (StoredKind & { series?: readonly string[] }) | undefined {
  return Object.prototype.hasOwnProperty.call(storedKinds, kind) ? storedKinds[kind] : undefined
}
