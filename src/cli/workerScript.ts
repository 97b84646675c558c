// The worker bundle sits next to the CLI bundle (dist/cli.js -> dist/worker.js).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './configFile';

export function workerScript(): string {
  const path = process.env.CLIPEXP_WORKER ?? join(__dirname, 'worker.js');
  if (!existsSync(path)) throw new CliError(`the worker bundle is missing: ${path} (run "npm run build")`);
  return path;
}
