// One build for every bundle: extension host, worker threads, CLI, benchmarks (node, CommonJS) and the
// webview (browser, IIFE). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  // Worker threads: the numerics for seeds, ODEs and suggestions (extension and CLI alike).
  { ...nodeCommon, entryPoints: { worker: 'src/engine/worker.ts' }, outdir: 'dist' },
  // Headless CLI (`clipexp`). The canvas package is native: loaded at run time, not bundled.
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', external: ['@napi-rs/canvas'], banner: { js: '#!/usr/bin/env node' } },
  // Benchmarks (`npm run bench`).
  { ...nodeCommon, entryPoints: { bench: 'bench/bench.ts' }, outdir: 'dist' },
];

async function main() {
  mkdirSync('dist', { recursive: true });
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
