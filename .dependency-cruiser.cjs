// The layers of the lab and the arrows allowed between them (docs: README "Layout"). Run by
// `npm run check:layers` (scripts/check-layers.ts), which hands .svelte components over as
// TypeScript so that their type-only imports count too. Type-only imports count everywhere:
// a layer that needs another's types depends on it.

/**
 * Engine modules the renderer may import: pure functions and data that draw exact curves,
 * run small forward passes and build small weight matrices in the page. Everything else in
 * the engine runs in a worker of main, through a job. Add a module here only when it is
 * cheap enough to run on the UI thread.
 */
const RENDERER_ENGINE_ALLOWLIST = [
  // Ising: Onsager's exact curves, mean field, Binder crossings, the dataset file format
  'ising/exact',
  'ising/meanField',
  'ising/binder',
  'ising/datasetFormat',
  // Ising analysis of a stored sweep (reweighting, WHAM, finite-size fits, G(r)): heavy parts run in
  // the renderer's own web worker (src/renderer/lib/sweepAnalysisWorker.ts), views use cheap helpers
  'ising/sweepAnalysis',
  'ising/reweighting',
  'ising/finiteSize',
  'ising/correlation',
  // Hopfield: presets, Hebbian/Storkey/pseudo-inverse weights for the weights view, corruption, theory
  'hopfield/presets',
  'hopfield/weights',
  'hopfield/corrupt',
  'hopfield/theory',
  'hopfield/outcome',
  'hopfield/types',
  // Networks and CNNs: forward passes of a trained model on a drawn digit, hand filters
  'nn/network',
  'nn/dense',
  'nn/activations',
  'cnn/cnnLayers',
  'cnn/geometry',
  'cnn/handFilters',
  'cnn/workedExample',
  'tensor/matmul',
  // Autoencoders: forward passes of a trained one (decode a latent point, denoise a digit), the
  // corruption it is tested with, regenerated oscillator trajectories, PCA of latents, ROC curves
  'autoencoder/model',
  'autoencoder/architecture',
  'autoencoder/gaussianLatent',
  'autoencoder/reconstruction',
  'autoencoder/noise',
  'autoencoder/oscillator',
  'train/model',
  'nn/init',
  'stats/pca',
  'stats/roc',
  // the fixed data split and the seeded generator
  'data/split',
  'rng'
]

const allowlisted = `^src/engine/(${RENDERER_ENGINE_ALLOWLIST.join('|')})\\.ts$`

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-imports-only-engine',
      comment: 'src/engine is pure TypeScript that runs anywhere: it imports only src/engine (no node:*, electron, npm packages, shared, main or renderer).',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { pathNot: '^src/engine/' }
    },
    {
      name: 'shared-imports-no-layer',
      comment: 'src/shared is the contract that main, preload and renderer all load: it imports nothing from engine, main, preload or renderer.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(engine|main|preload|renderer)/' }
    },
    {
      name: 'shared-imports-no-node',
      comment: 'src/shared also runs in the sandboxed renderer and preload: no node:* or electron.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'renderer-imports-no-main',
      comment: 'The renderer reaches main only through the contract (src/shared) and window.lab: it imports nothing from src/main or src/preload.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/(main|preload)/' }
    },
    {
      name: 'renderer-imports-no-node',
      comment: 'The renderer is a sandboxed web page: no node:* or electron.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'renderer-engine-allowlist',
      comment:
        'The renderer may import only the allowlisted pure engine modules (RENDERER_ENGINE_ALLOWLIST in .dependency-cruiser.cjs); engine loops run in a worker through a job.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/engine/', pathNot: allowlisted }
    },
    {
      name: 'main-imports-no-renderer',
      comment: 'Main serves the renderer over the contract: it imports nothing from src/renderer or src/preload.',
      severity: 'error',
      from: { path: '^src/main/' },
      to: { path: '^src/(renderer|preload)/' }
    },
    {
      name: 'preload-imports-only-shared',
      comment: 'The sandboxed preload bridges the contract: it imports only src/preload, src/shared and electron.',
      severity: 'error',
      from: { path: '^src/preload/' },
      to: { pathNot: '^(src/(preload|shared)/|electron$)' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' }
  }
}
