// The end-to-end suite in a real VS Code: ensures chromium and code-server, packages the extension as
// a .vsix and installs it into a fresh extensions folder, then runs test/e2e/*.e2e.ts one file at a
// time with node's test runner (each test starts its own code-server with a clean user-data folder).
// `node scripts/e2e.mjs [file-or-name-filter ...]` runs it alone.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, ensureCodeServer, NODE24_BIN, CODE_SERVER_ENTRY } from './ensure-vscode.mjs';
import { ensureNodeModules, ensureChromium, build } from './ensure-deps.mjs';

export const VSIX = join(ROOT, 'dist', 'clipexp.vsix');

function log(msg) { process.stderr.write(`[clipexp e2e] ${msg}\n`); }

function packageJson() { return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')); }

/** Production build of every bundle; checks the extension's entry point exists. */
export function buildExtension() {
  build(['--production']);
  const main = packageJson().main ?? './dist/extension.js';
  if (!existsSync(join(ROOT, main))) {
    throw new Error(`the extension bundle ${main} was not built: is src/extension/ there and in esbuild.mjs?`);
  }
}

/** `vsce package` (offline, non-interactive) of the built extension into dist/clipexp.vsix. */
export function packageVsix() {
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  // vsce lists every file on stdout: keep only its summary line.
  const out = execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository',
    '--skip-license', '--no-rewrite-relative-links', '--out', VSIX], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  log(out.split('\n').find((l) => l.includes('Packaged:'))?.trim() ?? `packaged ${relative(ROOT, VSIX)}`);
  const mb = statSync(VSIX).size / 1e6;
  if (mb > 20) throw new Error(`${relative(ROOT, VSIX)} is ${mb.toFixed(1)} MB: .vscodeignore lets too much in`);
  return VSIX;
}

export function packageExtension() {
  buildExtension();
  return packageVsix();
}

function defaultFolderName() {
  const { publisher, name, version } = packageJson();
  return `${publisher}.${name}-${version}`;
}

/** Installs a .vsix into an extensions folder with code-server's own installer. */
export function installVsix(vsix, extensionsDir, folderName = defaultFolderName()) {
  mkdirSync(extensionsDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'clipexp-install-'));
  try {
    execFileSync(NODE24_BIN, [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', join(scratch, 'user-data'),
      '--install-extension', vsix, '--force'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOME: scratch },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const installed = join(extensionsDir, folderName);
  if (!existsSync(installed)) throw new Error(`code-server did not install the extension into ${installed}`);
  return installed;
}

/** Content hash of what goes into the .vsix, to skip repackaging when nothing changed. */
export function extensionInputsHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith('.vsix') && !name.endsWith('.map')) hash.update(relative(ROOT, full)).update(readFileSync(full));
    }
  };
  for (const file of ['package.json', '.vscodeignore', 'README.md']) {
    if (existsSync(join(ROOT, file))) hash.update(file).update(readFileSync(join(ROOT, file)));
  }
  walk(join(ROOT, 'dist'));
  walk(join(ROOT, 'media'));
  return hash.digest('hex');
}

function e2eFiles(filters) {
  const dir = join(ROOT, 'test', 'e2e');
  const files = readdirSync(dir).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => join('test', 'e2e', f));
  return filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
}

export async function runE2e(filters = []) {
  ensureNodeModules();
  ensureChromium();
  ensureCodeServer();
  log('packaging the extension ...');
  const vsix = packageExtension();
  const extensionsDir = join(ROOT, '.cache', 'e2e-extensions');
  rmSync(extensionsDir, { recursive: true, force: true });
  installVsix(vsix, extensionsDir);
  writeFileSync(join(extensionsDir, '.source'), `${relative(ROOT, vsix)}\n`);
  const files = e2eFiles(filters);
  if (!files.length) throw new Error(`no e2e test matches ${filters.join(' ')}`);
  rmSync(join(ROOT, 'test-results'), { recursive: true, force: true });
  log(`running ${files.length} e2e file(s), one code-server per test; screenshots go to test-results/ ...`);
  // TAP, so the closing lines are node's "# pass N" / "# fail N".
  execFileSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', ...files], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, CLIPEXP_E2E_EXTENSIONS: extensionsDir },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runE2e(process.argv.slice(2)).catch((error) => {
    if (error?.status === undefined) console.error(error);
    process.exit(1);
  });
}
