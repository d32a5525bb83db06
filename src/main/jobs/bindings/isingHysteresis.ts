import { isingHysteresis } from '../../../shared/kinds/isingHysteresis'
import { isingHysteresisMemory, runIsingHysteresis } from '../../../engine/ising/hysteresis'
import { defineBinding } from '../binding'

export const isingHysteresisBinding = defineBinding(isingHysteresis, { run: runIsingHysteresis, memory: isingHysteresisMemory })
