// Renderer entry. The connection module is imported first so that it listens to the
// bridge's state before the first call creates the bridge.
import './lib/connection.svelte'
// The theme sets data-theme before the first paint: no flash of the other colours.
import './lib/theme.svelte'
import { mount } from 'svelte'
import App from './App.svelte'
import './app.css'

const target = document.getElementById('app')
if (!target) throw new Error('missing #app element')

export default mount(App, { target })
