// The CLI tests run the real bundle, dist/cli.js (with dist/worker.js next to it). `npm test` builds
// it first; when a test file is run on its own and the bundle is missing or older than the sources,
// it is rebuilt here with the same esbuild options as esbuild.mjs.
import { buildSync } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const stat = statSync(full);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(full) : stat.mtimeMs);
  }
  return newest;
}

export function ensureCli(): string {
  const sources = Math.max(newestSource(join(ROOT, 'src', 'engine')), newestSource(join(ROOT, 'src', 'cli')), newestSource(join(ROOT, 'src', 'shared')));
  const worker = join(ROOT, 'dist', 'worker.js');
  const fresh = existsSync(CLI) && existsSync(worker) && statSync(CLI).mtimeMs >= sources && statSync(worker).mtimeMs >= sources;
  if (!fresh) {
    const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', sourcemap: true, logLevel: 'error' as const };
    buildSync({ ...common, entryPoints: { worker: join(ROOT, 'src/engine/worker.ts') }, outdir: join(ROOT, 'dist') });
    buildSync({ ...common, entryPoints: { cli: join(ROOT, 'src/cli/main.ts') }, outdir: join(ROOT, 'dist'), external: ['@napi-rs/canvas'], banner: { js: '#!/usr/bin/env node' } });
  }
  return CLI;
}
