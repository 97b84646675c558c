// `npm run gallery`: installs what is missing (npm dependencies; the DejaVu fonts the figures are
// drawn with, from Debian, when running as root), builds, then regenerates docs/gallery/*.png and
// docs/gallery.md from examples/ through the CLI (scripts/gallery.ts does the work).
import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ensure-vscode.mjs';
import { build, ensureNodeModules } from './ensure-deps.mjs';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function ensureFonts() {
  if (existsSync(FONT)) return;
  if (process.getuid && process.getuid() !== 0) {
    process.stderr.write(`[clipexp gallery] ${FONT} is missing: figures use another font (sudo apt-get install fonts-dejavu-core)\n`);
    return;
  }
  process.stderr.write('[clipexp gallery] installing fonts-dejavu-core with apt-get ...\n');
  execSync('apt-get update -qq && apt-get install -y -qq fonts-dejavu-core', { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

ensureNodeModules();
ensureFonts();
build();
execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'gallery.ts'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
