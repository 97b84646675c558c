// `npm test`: installs what is missing, builds, runs the unit tests (node's test runner), then the
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

function runNodeTests(files, extra = []) {
  execFileSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files], { cwd: ROOT, stdio: 'inherit' });
}

ensureNodeModules();
build();
runNodeTests(testFiles(join(ROOT, 'test', 'unit')));
if (!unitOnly) {
  const { runE2e } = await import('./e2e.mjs');
  await runE2e();
}
