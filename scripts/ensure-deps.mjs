// Self-install for `npm start` and `npm test`: npm dependencies when node_modules is missing or older
// than the lock file, Debian's chromium for the e2e tests. Uses only node built-ins.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ensure-vscode.mjs';

function log(msg) { process.stderr.write(`[clipexp setup] ${msg}\n`); }

export function ensureNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  log('installing npm dependencies (npm ci) ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT, stdio: 'inherit' });
}

export const CHROMIUM = process.env.CLIPEXP_CHROMIUM || '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`chromium is missing at ${CHROMIUM}: run "sudo apt-get install -y chromium" (or set CLIPEXP_CHROMIUM)`);
  }
  log('installing chromium with apt-get ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core', { stdio: 'inherit', env });
}

export function build(extraArgs = []) {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs'), ...extraArgs], { cwd: ROOT, stdio: 'inherit' });
}
