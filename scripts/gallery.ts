// Regenerates the gallery (run by scripts/gallery.mjs after the build): for every example, the CLI
// computes the result JSON (`clipexp run --suggest`), draws the risk chart (`clipexp plot`) and the CCC
// phase map (`clipexp ccc --json`) from it; docs/gallery.md gets the figures, the final risks and a
// sentence derived from the numbers. Options: --only NAME[,NAME] (example base names), --seeds N.
import { ENGINE_VERSION, parseExperiment } from '../src/engine';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultFile } from '../src/cli/resultFile';
import { galleryMarkdown, type GalleryEntry } from '../src/gallery/markdown';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');
const DOCS = join(ROOT, 'docs');
const IMAGES = join(DOCS, 'gallery');
/** The paper's story first; any other example follows in name order. */
const ORDER = ['gaussian', 'cauchy', 'studentt2', 'heuristic-vs-constant', 'powerlaw', 'powerlaw2', 'rademacher'];
const SIZE = ['--width', '1000', '--height', '560'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function clipexp(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`clipexp ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

function main(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (or npm run gallery)`);
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.clipexp.json'));
  const base = (f: string) => f.replace(/\.clipexp\.json$/, '');
  const rank = (f: string) => (ORDER.includes(base(f)) ? ORDER.indexOf(base(f)) : ORDER.length);
  files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const only = option('only')?.split(',');
  const seeds = option('seeds');
  mkdirSync(IMAGES, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'clipexp-gallery-'));
  const entries: GalleryEntry[] = [];
  try {
    for (const file of files) {
      const name = base(file);
      const path = join(EXAMPLES, file);
      const parsed = parseExperiment(readFileSync(path, 'utf8'));
      if (!parsed.config) throw new Error(`${file} is invalid: ${parsed.problems.map((p) => p.message).join('; ')}`);
      const resultPath = join(tmp, `${name}.result.json`);
      const plot = join(IMAGES, `${name}.png`);
      const ccc = join(IMAGES, `${name}-ccc.png`);
      if (!only || only.includes(name)) {
        const started = Date.now();
        clipexp(['run', path, '--suggest', '--out', resultPath, ...(seeds ? ['--seeds', seeds] : [])]);
        clipexp(['plot', path, '--result', resultPath, '--png', plot, ...SIZE]);
        const phase = JSON.parse(clipexp(['ccc', path, '--result', resultPath, '--png', ccc, '--json', ...SIZE]));
        const result = readResultFile(resultPath, parsed.config);
        entries.push({ file, config: parsed.config, result, phase, plot: `gallery/${name}.png`, ccc: `gallery/${name}-ccc.png` });
        process.stderr.write(`gallery: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    }
    if (only) {
      process.stderr.write('gallery: --only given: PNGs updated, docs/gallery.md left as it was\n');
      return;
    }
    // PNGs of examples that no longer exist.
    const wanted = new Set(entries.flatMap((e) => [e.plot, e.ccc].map((p) => p.replace(/^gallery\//, ''))));
    for (const png of readdirSync(IMAGES).filter((f) => f.endsWith('.png'))) if (!wanted.has(png)) unlinkSync(join(IMAGES, png));
    writeFileSync(join(DOCS, 'gallery.md'), galleryMarkdown(entries, { engineVersion: ENGINE_VERSION, command: 'npm run gallery' }));
    process.stderr.write(`gallery: wrote docs/gallery.md and ${wanted.size} figures\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
