import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// main: entries with stable names. index = Electron's main process; worker = the engine
// host run by the worker pool; storeThread = the SQLite run store's thread; serve = browser
// mode; cli = the headless command line. Only index imports electron: the rest run under Node.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/index.ts'),
          worker: resolve(__dirname, 'src/main/jobs/worker.ts'),
          serve: resolve(__dirname, 'src/main/browser/serve.ts'),
          cli: resolve(__dirname, 'src/main/cli/main.ts'),
          storeThread: resolve(__dirname, 'src/main/store/storeThread.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [svelte()],
    build: {
      minify: true,
      // The page is read from the local disk (Electron) or 127.0.0.1 (browser mode), never over a
      // network: one ~0.9 MB bundle costs no download, so the web-sized 500 kB warning is noise here.
      chunkSizeWarningLimit: 2000,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        // Svelte's compiler is most of a build's time by nature; the timing report says nothing new.
        checks: { bundlerTimings: false }
      }
    }
  }
})
