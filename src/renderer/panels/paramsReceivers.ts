// "Open this run's params in its panel": which panel's form takes a kind's params (Runs › Run
// again…), and how. A kind without an entry is rerun from the Runs panel itself (Run again
// now), with exactly its stored params. Adding one: `[<spec>.kind]: { panel, fill }` below,
// `fill` putting the params and seed into the form the panel reads (module-level state, so the
// panel shows them when it opens) and choosing the tab; `continueFrom` for kinds that train
// further from a run's stored weights.

import type { KindName, KindParams } from '../../shared/kinds'
import { jobKinds, isKindName } from '../../shared/kinds'
import { isingSweep } from '../../shared/kinds/isingSweep'
import { isingHysteresis } from '../../shared/kinds/isingHysteresis'
import { isingDataset } from '../../shared/kinds/isingDataset'
import { networkTrain } from '../../shared/kinds/network'
import { cnnTrain, type CnnTrainParams } from '../../shared/kinds/cnn'
import { rbmComplete, rbmDream, rbmTrain } from '../../shared/kinds/rbm'
import { rbmThermo } from '../../shared/kinds/rbmThermo'
import { rbmMovies } from '../../shared/kinds/rbmMovies'
import { LabError } from '../../shared/errors'
import { validate } from '../../shared/validate'
import { datasetForm, hysteresisForm, sweepForm } from '../lib/isingForms.svelte'
import { datasetFormFrom, hysteresisFormFrom, sweepFormFrom } from '../lib/isingWorkspace'
import { isingTab } from '../lib/isingJobs.svelte'
import { network } from '../lib/networkSession.svelte'
import { formFromParams } from '../lib/networkForm'
import { cnn, DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../lib/cnnState.svelte'
import { trainSettingsFrom } from '../lib/cnnWorkspace'
import type { LayerSpec } from '../../engine/cnn/cnnLayers'
import { completeForm, dreamForm, moviesForm, thermoForm, trainForm } from '../lib/rbmForms.svelte'
import { rbm, type RbmTab } from '../lib/rbmSession.svelte'

export interface ParamsReceiver<K extends KindName> {
  /** The panel (its id in registry.ts) whose form takes the params. */
  panel: string
  /** Put the params and the seed (null: a new one) into the form, and show its tab. */
  fill(params: KindParams<K>, seed: number | null): void
  /** Set the form up to train run `runId` further from its stored weights. */
  continueFrom?(runId: number, params: KindParams<K>): void | Promise<void>
}

const seedText = (seed: number | null): string => (seed === null ? '' : String(seed))

const cnnSettings = (p: CnnTrainParams, seed: number | null, resumeFrom: number | null): TrainSettings => ({
  ...trainSettingsFrom(p, DEFAULT_TRAIN_SETTINGS, resumeFrom),
  seedText: seedText(seed)
})

/** A Boltzmann tab's form takes the params by its own fill (as when its run is reattached: rbmWorkspace). */
function rbmReceiver<K extends KindName>(tab: RbmTab, form: { fill(p: KindParams<K>): void; seed: string }): ParamsReceiver<K> {
  return {
    panel: 'boltzmann',
    fill: (p, seed) => {
      form.fill(p)
      form.seed = seedText(seed)
      rbm.tab = tab
    }
  }
}

const receivers: { [K in KindName]?: ParamsReceiver<K> } = {
  [isingSweep.kind]: {
    panel: 'ising',
    fill: (p, seed) => {
      sweepFormFrom(p)
      sweepForm.seed = seedText(seed)
      isingTab.current = 'sweep'
    }
  },
  [isingHysteresis.kind]: {
    panel: 'ising',
    fill: (p, seed) => {
      hysteresisFormFrom(p)
      hysteresisForm.seed = seedText(seed)
      isingTab.current = 'hysteresis'
    }
  },
  [isingDataset.kind]: {
    panel: 'ising',
    fill: (p, seed) => {
      datasetFormFrom(p)
      datasetForm.seed = seedText(seed)
      isingTab.current = 'datasets'
    }
  },
  [networkTrain.kind]: {
    panel: 'network',
    fill: (p, seed) => {
      network.form = { ...formFromParams(p, seedText(seed)), resumeFrom: null }
      network.resumeInfo = null
    },
    continueFrom: (runId) => network.continueFrom(runId)
  },
  [cnnTrain.kind]: {
    panel: 'cnn',
    fill: (p, seed) => {
      cnn.architecture = p.architecture as LayerSpec[]
      cnn.settings = cnnSettings(p, seed, null)
      cnn.tab = 'train'
    },
    continueFrom: (runId, p) => {
      cnn.architecture = p.architecture as LayerSpec[]
      cnn.settings = cnnSettings(p, null, runId)
      cnn.tab = 'train'
    }
  },
  // rbm.train takes no resumeFrom: a machine is not trained further, so no continueFrom.
  [rbmTrain.kind]: rbmReceiver('train', trainForm),
  [rbmDream.kind]: rbmReceiver('dream', dreamForm),
  [rbmComplete.kind]: rbmReceiver('complete', completeForm),
  [rbmThermo.kind]: rbmReceiver('thermo', thermoForm),
  [rbmMovies.kind]: rbmReceiver('movies', moviesForm)
}

/** Whether the kind's panel can take a run's params. */
export function hasPanelForm(kind: string): boolean {
  return isKindName(kind) && receivers[kind] !== undefined
}

/** Whether runs of this kind can be trained further from their stored weights (their params take a resumeFrom). */
export function canContinue(kind: string, params: Record<string, unknown>, runId: number): boolean {
  return isKindName(kind) && jobKinds[kind].params.safeParse({ ...params, resumeFrom: { runId } }).success
}

function receiverOf(kind: string, params: unknown): { r: ParamsReceiver<KindName>; p: KindParams<KindName> } {
  if (!isKindName(kind)) throw new LabError('invalid', `This lab has no panel for ${kind} runs.`)
  const r = receivers[kind] as ParamsReceiver<KindName> | undefined
  if (!r) throw new LabError('invalid', `The ${jobKinds[kind].title} panel cannot take a stored run's params: use Run again now.`)
  // A run stored by an older version may not fit today's form: say so rather than fill half.
  const p = validate(jobKinds[kind].params, params, `params of this ${jobKinds[kind].title} run`) as KindParams<KindName>
  return { r, p }
}

const show = (panel: string): void => {
  location.hash = `#${panel}`
}

/** Fill the kind's form with a run's params and seed (null: a new seed), and open its panel. */
export function openInPanel(kind: string, params: unknown, seed: number | null): void {
  const { r, p } = receiverOf(kind, params)
  r.fill(p, seed)
  show(r.panel)
}

/** Set the kind's form up to train a run further, and open its panel. */
export async function continueInPanel(kind: string, params: unknown, runId: number): Promise<boolean> {
  const { r, p } = receiverOf(kind, params)
  if (!r.continueFrom) return false
  await r.continueFrom(runId, p)
  show(r.panel)
  return true
}
