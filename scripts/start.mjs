// `npm start`: VS Code (code-server) on 127.0.0.1 with ClipExp installed and examples/ open.
// Installs what is missing (npm deps, Node 24 + code-server in .cache/vscode), builds and packages the
// extension, installs it into a private extensions folder (.cache/extensions) only when it changed, and
// keeps its user data in .cache/user-data. Quick the second time. Ctrl-C stops it (the whole process group).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, ensureCodeServer, NODE24_BIN, CODE_SERVER_ENTRY } from './ensure-vscode.mjs';
import { ensureNodeModules } from './ensure-deps.mjs';
import { buildExtension, packageVsix, installVsix, extensionInputsHash } from './e2e.mjs';

const CACHE = join(ROOT, '.cache');
const EXTENSIONS = join(CACHE, 'extensions');
const USER_DATA = join(CACHE, 'user-data');
const HOME = join(CACHE, 'home');
const PID_FILE = join(CACHE, 'code-server.pid');
const EXAMPLES = join(ROOT, 'examples');

function log(msg) { process.stderr.write(`[clipexp start] ${msg}\n`); }

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort() {
  const wanted = Number(process.env.CLIPEXP_PORT || 8080);
  if (await portIsFree(wanted)) return wanted;
  const port = await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { const p = server.address().port; server.close(() => resolve(p)); });
  });
  log(`port ${wanted} is busy, using ${port}`);
  return port;
}

/** A code-server left behind by a start that was killed hard holds the user-data lock: stop it. */
function stopStale() {
  if (!existsSync(PID_FILE)) return;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  rmSync(PID_FILE, { force: true });
  if (!pid) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes(CODE_SERVER_ENTRY)) {
      log(`stopping the code-server left running by an earlier start (pid ${pid})`);
      process.kill(-pid, 'SIGTERM');
    }
  } catch { /* not running */ }
}

/** Builds, then packages and installs the extension only when what goes into the .vsix changed. */
function ensureExtensionInstalled() {
  const stamp = join(EXTENSIONS, '.clipexp-inputs');
  const { publisher, name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const installed = existsSync(join(EXTENSIONS, `${publisher}.${name}-${version}`));
  log('building the extension ...');
  buildExtension();   // quick and deterministic, so the hash below only changes with the sources
  const hash = extensionInputsHash();
  if (installed && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    log('extension unchanged, already installed');
    return;
  }
  log('packaging and installing the extension into .cache/extensions ...');
  installVsix(packageVsix(), EXTENSIONS);
  writeFileSync(stamp, hash);
}

/** Quiet defaults for the private user data; keys the user has set are left alone. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // examples/ sits inside this repository: don't offer to open the parent git repository.
  'git.openRepositoryInParentFolders': 'never',
};

function writeDefaultSettings() {
  const file = join(USER_DATA, 'User', 'settings.json');
  mkdirSync(join(USER_DATA, 'User'), { recursive: true });
  let current = {};
  if (existsSync(file)) {
    try { current = JSON.parse(readFileSync(file, 'utf8')); } catch { return; } // hand-edited JSONC: leave it
  }
  const merged = { ...DEFAULT_SETTINGS, ...current };
  if (Object.keys(merged).length !== Object.keys(current).length) writeFileSync(file, JSON.stringify(merged, null, 2));
}

async function waitForHealthz(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try { if ((await fetch(`${url}/healthz`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within 60 s`);
}

async function main() {
  ensureNodeModules();
  ensureCodeServer();
  stopStale();
  ensureExtensionInstalled();
  writeDefaultSettings();
  mkdirSync(HOME, { recursive: true });
  const port = await choosePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group (setsid), so stopping kills code-server and every child it started.
  const child = spawn(NODE24_BIN, [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--extensions-dir', EXTENSIONS, '--user-data-dir', USER_DATA, EXAMPLES], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME, PORT: undefined },
  });
  writeFileSync(PID_FILE, String(child.pid));
  // code-server's own log is chatty: keep it in a file, show warnings and errors.
  const logFile = join(CACHE, 'code-server.log');
  writeFileSync(logFile, '');
  const append = (chunk) => { try { writeFileSync(logFile, chunk, { flag: 'a' }); } catch { /* ignore */ } };
  child.stdout.on('data', append);
  child.stderr.on('data', (chunk) => { append(chunk); if (/error/i.test(String(chunk))) process.stderr.write(chunk); });

  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } process.exit(code); }, 1500).unref();
    child.once('exit', () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } rmSync(PID_FILE, { force: true }); process.exit(code); });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => { log('stopping ...'); stop(0); });
  process.on('exit', () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } });
  child.on('exit', (code) => { if (!stopping) { log(`code-server exited (${code}); log: ${logFile}`); rmSync(PID_FILE, { force: true }); process.exit(code ?? 1); } });

  await waitForHealthz(url, child);
  const open = `${url}/?folder=${encodeURIComponent(EXAMPLES)}`;
  process.stdout.write(`\nClipExp is running in VS Code (code-server): ${open}\n` +
    `Open any examples/*.clipexp.json. Log: ${logFile}. Press Ctrl-C to stop.\n\n`);
}

main().catch((error) => {
  console.error(`[clipexp start] ${error?.message ?? error}`);
  process.exit(1);
});
