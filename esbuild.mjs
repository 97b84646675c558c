// One build for every bundle: extension host, worker threads, CLI, benchmarks (node, CommonJS) and the
// webview (browser, IIFE). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';

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
  { ...nodeCommon, entryPoints: { worker: 'src/engine/run/worker.ts' }, outdir: 'dist' },
  // Headless CLI (`clipexp`). The canvas package is native: loaded at run time, not bundled.
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', external: ['@napi-rs/canvas'], banner: { js: '#!/usr/bin/env node' } },
  // Benchmarks (`npm run bench`).
  { ...nodeCommon, entryPoints: { bench: 'bench/bench.ts' }, outdir: 'dist' },
  // VS Code extension host. `vscode` is provided by the host at run time.
  { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // The experiment panel (webview): browser script plus its stylesheet (webview/main.css imports the rest).
  {
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2021',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
  { entryPoints: { webview: 'webview/main.css' }, outdir: 'dist', bundle: true, minify: production, logLevel: 'warning' },
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
