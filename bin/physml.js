#!/usr/bin/env node
// The `physml` command: runs the CLI from the TypeScript sources through tsx, so it never
// lags behind the code (no stale build to trip over).
require('tsx/cjs')
require('../src/main/cli/main.ts')
