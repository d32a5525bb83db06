// A panel's state for the workspace test: reactive, as a panel model's is.
export class PanelState {
  name = $state('stripes')
  count = $state(2)
  pixels = $state('+-+-')
}
