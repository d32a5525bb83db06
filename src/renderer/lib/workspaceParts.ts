// Every panel's parts of the workspace, registered by importing them (before the workspace
// is loaded: App.svelte imports this module).
import './isingWorkspace'
import './hopfieldWorkspace'
import './networkWorkspace'
import './cnnWorkspace'
import './autoencoderWorkspace'
import './rbmWorkspace'
