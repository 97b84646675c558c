// clipexp plot and clipexp ccc end to end (dist/cli.js in a child process): PNGs of the asked size
// that are not blank (decoded with @napi-rs/canvas: many colours, the runs' curve colours, the colour
// map), the same picture from --result as from a fresh computation, and one-line usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { printTheme } from '../../../src/shared/printThemes';
import { ensureCli } from '../cli/ensureCli';

let cli: string;
const tmp = mkdtempSync(join(tmpdir(), 'clipexp-figures-'));

function clipexp(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmp, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EXPERIMENT = join(tmp, 'tiny.clipexp.json');
writeFileSync(EXPERIMENT, JSON.stringify({
  version: 1,
  name: 'Tiny Student-t experiment',
  problem: { dim: 100, spectrum: { kind: 'identity' }, target: { kind: 'flat', norm: 1 }, init: { kind: 'zero' }, noise: { kind: 'studentT', dof: 3, scale: 0.5 } },
  horizon: 5,
  runs: [
    { name: 'SGD', lr: 0.5 },
    { name: 'clip c=5', lr: 0.5, clip: { kind: 'constant', threshold: 5 } },
    { name: 'heuristic', lr: 0.5, clip: { kind: 'heuristic', param: 0.7 } },
  ],
  seeds: 3,
  record: { points: 30, spacing: 'log' },
}));

type Rgb = [number, number, number];
const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;

async function pixels(path: string) {
  const image = await loadImage(readFileSync(path));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  const colours = new Map<number, number>();
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    colours.set(key, (colours.get(key) ?? 0) + 1);
  }
  /** Pixels within `tolerance` (per channel) of a colour. */
  const near = (c: Rgb, tolerance = 6) => {
    let n = 0;
    for (const [key, count] of colours) {
      const r = key >> 16, g = (key >> 8) & 255, b = key & 255;
      if (Math.abs(r - c[0]) <= tolerance && Math.abs(g - c[1]) <= tolerance && Math.abs(b - c[2]) <= tolerance) n += count;
    }
    return n;
  };
  return { width: image.width, height: image.height, distinct: colours.size, near, total: data.length / 4 };
}

describe('clipexp plot and ccc', () => {
  before(() => {
    cli = ensureCli();
  });

  it('plot: a PNG of the asked size with the runs\' colours on the theme background', async () => {
    const out = join(tmp, 'plot.png');
    const r = clipexp('plot', EXPERIMENT, '--png', out, '--width', '640', '--height', '400');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /plot\.png: 640x400 risk chart of 3 runs/);
    const p = await pixels(out);
    assert.equal(p.width, 640);
    assert.equal(p.height, 400);
    assert.ok(p.distinct > 100, `${p.distinct} distinct colours`);
    const theme = printTheme('light');
    assert.ok(p.near(hex(theme.background), 0) > p.total * 0.5, 'mostly white background');
    for (const index of [0, 1, 2]) assert.ok(p.near(hex(theme.palette[index])) > 80, `the colour of run ${index} (${theme.palette[index]})`);
  });

  it('plot --theme dark --seeds 0: the dark background, ODE curves only', async () => {
    const out = join(tmp, 'dark.png');
    const r = clipexp('plot', EXPERIMENT, '--png', out, '--width', '500', '--height', '300', '--theme', 'dark', '--seeds', '0');
    assert.equal(r.code, 0, r.stderr);
    const p = await pixels(out);
    assert.equal(p.width, 500);
    const theme = printTheme('dark');
    assert.ok(p.near(hex(theme.background), 0) > p.total * 0.5, 'mostly dark background');
    assert.ok(p.near(hex(theme.palette[1])) > 40, 'the clipped run\'s ODE curve');
  });

  it('plot --result draws exactly what a fresh computation draws', () => {
    const resultPath = join(tmp, 'result.json');
    assert.equal(clipexp('run', EXPERIMENT, '--out', resultPath).code, 0);
    const fresh = join(tmp, 'fresh.png');
    const replay = join(tmp, 'replay.png');
    assert.equal(clipexp('plot', EXPERIMENT, '--png', fresh, '--width', '400', '--height', '300').code, 0);
    assert.equal(clipexp('plot', EXPERIMENT, '--result', resultPath, '--png', replay, '--width', '400', '--height', '300').code, 0);
    assert.ok(readFileSync(fresh).equals(readFileSync(replay)), 'identical PNG bytes');
  });

  it('ccc: a heatmap with the colour map, the trajectories and a verdict line', async () => {
    const out = join(tmp, 'ccc.png');
    const r = clipexp('ccc', EXPERIMENT, '--png', out, '--width', '800', '--height', '500');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ccc\.png: Student-t noise, 3 dof, s = 0\.5: clipping helps on [\d.]+% of the map/);
    const p = await pixels(out);
    assert.equal(p.width, 800);
    assert.equal(p.height, 500);
    assert.ok(p.distinct > 300, `${p.distinct} distinct colours`);
    // The diverging map: deep red where clipping helps most, light blue where it hurts.
    assert.ok(p.near([180, 4, 38], 40) > 500, 'red (ratio well above 1)');
    assert.ok(p.near([141, 176, 254], 40) > 200, 'blue (ratio below 1)');
    const theme = printTheme('light');
    for (const index of [1, 2]) assert.ok(p.near(hex(theme.palette[index]), 8) > 40, `trajectory of run ${index}`);
  });

  it('ccc --json: the summary numbers', () => {
    const r = clipexp('ccc', EXPERIMENT, '--png', join(tmp, 'c2.png'), '--json', '--width', '300', '--height', '200');
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.infiniteVariance, false);
    assert.ok(summary.helpsCells > 0 && summary.helpsCells < summary.cells);
    assert.ok(summary.maxRatio > 1.5);
    assert.ok(summary.kappa > 0.05 && summary.kappa < 20);
    assert.deepEqual(summary.trajectories, ['clip c=5', 'heuristic']);
  });

  it('usage errors are one line with exit 2; a result JSON of another experiment is refused', () => {
    const missing = clipexp('plot', EXPERIMENT);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--png OUT\.png is required/);
    const theme = clipexp('ccc', EXPERIMENT, '--png', 'x.png', '--theme', 'blue');
    assert.equal(theme.code, 2);
    assert.match(theme.stderr, /--theme must be light or dark/);
    const size = clipexp('plot', EXPERIMENT, '--png', 'x.png', '--width', '10');
    assert.equal(size.code, 2);
    const other = join(tmp, 'other.json');
    writeFileSync(other, JSON.stringify({ format: 'clipexp-result', version: 1, name: 'x', t: [0, 1], runs: [{ name: 'A' }], suggestion: null }));
    const mismatch = clipexp('plot', EXPERIMENT, '--png', 'x.png', '--result', other);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /does not match the experiment/);
    assert.doesNotMatch(mismatch.stderr, /^\s+at /m);
  });
});
