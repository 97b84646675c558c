// `npm test`: installs what is missing, builds, type-checks and lints, runs the unit tests (node's test runner), then the
// end-to-end suite in a real VS Code (code-server + chromium). `--unit` stops after the unit tests.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './ensure-vscode.mjs';
import { ensureNodeModules, build } from './ensure-deps.mjs';

const unitOnly = process.argv.includes('--unit');

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (name.endsWith('.test.ts')) out.push(relative(ROOT, full));
  }
  return out.sort();
}

/**
 * The whole tree type-checks (esbuild only strips types, so this is where type errors surface): the
 * Node side and the webview, each with its own typings. Then ESLint, with the import boundaries.
 */
function typecheckAndLint() {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', ROOT], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'webview')], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings=0', ROOT], { cwd: ROOT, stdio: 'inherit' });
}

function runNodeTests(files, extra = []) {
  execFileSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files], { cwd: ROOT, stdio: 'inherit' });
}

try {
  ensureNodeModules();
  build();
  typecheckAndLint();
  runNodeTests(testFiles(join(ROOT, 'test', 'unit')));
  if (!unitOnly) {
    const { runE2e } = await import('./e2e.mjs');
    await runE2e();
  }
} catch (error) {
  // A failing test run has already reported itself (its exit status is set): no stack trace on top.
  if (typeof error?.status !== 'number') console.error(error);
  process.exit(typeof error?.status === 'number' && error.status !== 0 ? error.status : 1);
}
