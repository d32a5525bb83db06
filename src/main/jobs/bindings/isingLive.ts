import { isingLive } from '../../../shared/kinds/ising'
import { isingLiveMemory, runIsingLive } from '../../../engine/ising/live'
import { defineBinding } from '../binding'

export const isingLiveBinding = defineBinding(isingLive, { run: runIsingLive, memory: isingLiveMemory })
