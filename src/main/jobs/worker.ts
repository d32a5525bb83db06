// The worker thread's entry (built to out/main/worker.js): hosts the lab's engine functions.
import { hostWorker } from './host'
import { taskRunners } from './bindings'

hostWorker(taskRunners)
