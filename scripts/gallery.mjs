// `npm run gallery`: installs what is missing, builds, then regenerates docs/gallery/*.png and
// docs/gallery.md from examples/ through the CLI (scripts/gallery.ts does the work).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './ensure-vscode.mjs';
import { build, ensureNodeModules } from './ensure-deps.mjs';

ensureNodeModules();
build();
execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'gallery.ts'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
