// Dead code (npm run check:deadcode): files, exports and dependencies that no entry point
// reaches. The entry points are every way the code is started: the Electron main process,
// its worker and store threads, browser mode, the CLI, the preload, the renderer and its
// filter worker, the scripts, the benchmarks and the tests. An export used only inside its
// own file is not dead: it is only exported.
import type { KnipConfig } from 'knip'
import { svelteAsTypeScript } from './scripts/svelte-as-ts'

export default {
  // electron.vite.config.ts (main, preload and renderer inputs), package.json (bin, scripts),
  // vitest and playwright configs name most entry points; knip's plugins read them. These remain:
  entry: [
    // started by URL from cnnStackClient.ts
    'src/renderer/lib/cnnStackWorker.ts',
    'scripts/*.{ts,mjs}',
    'bench/*.bench.ts',
    // on-demand figure scripts (run by hand, see their headers)
    'bench/isingFss.ts',
    'bench/autoencoderAcceptance.ts',
    'test/**/*.{test,spec}.ts',
    // started by path from tests (workers and child processes)
    'test/fixtures/*.ts',
    // run by hand to record a test's fixed baseline (see the file)
    'test/unit/train/recordBaseline.ts'
  ],
  project: ['src/**/*.{ts,svelte}', 'scripts/**/*.{ts,mjs}', 'bench/**/*.ts', 'test/**/*.ts', 'bin/*.js'],
  compilers: { svelte: (source: string, path: string) => svelteAsTypeScript(source, path) },
  // scripts/build-mnist.ts reads the package's JSON files by path, not by import.
  ignoreDependencies: ['mnist'],
  // system tools a test runs as root to make a full disk (storeFailures.test.ts)
  // and the C compiler the benchmarks use for their references, when there is one
  ignoreBinaries: ['mount', 'umount', 'gcc'],
  ignoreExportsUsedInFile: true
} satisfies KnipConfig
