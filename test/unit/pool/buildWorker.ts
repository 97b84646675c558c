// Builds the tests' worker bundle (the engine's tasks plus diagnostic ones, diagnosticWorker.ts) into a private temporary folder (independent of dist/, which
// other builds may be rewriting), once per test process.
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let built: string | undefined;

export function testWorkerScript(): string {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'clipexp-worker-'));
  const outfile = join(dir, 'worker.js');
  buildSync({
    entryPoints: [join(__dirname, 'diagnosticWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  built = outfile;
  return outfile;
}
