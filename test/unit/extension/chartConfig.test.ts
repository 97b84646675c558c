// The chart configuration: one colour per run, median + band + dashed ODE, gaps for non-finite and
// non-positive (log) values, a visible divergence marker, hidden runs, index tooltips over all runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cccChartConfig,
  cccPlotState,
  INFINITE_CCC_NOTE,
  tickLabel,
  lossChartConfig,
  points,
  runColor,
  thresholdChartConfig,
  withAlpha,
  type ChartRun,
  type ChartTheme,
  type ClipexpDataset,
} from '../../../src/shared/chartConfig';

const theme: ChartTheme = { foreground: '#ccc', muted: '#999', grid: '#333', background: '#1e1e1e', fontFamily: 'sans', fontSize: 13, palette: ['#111111', '#222222'], highContrast: false };
const t = [0, 0.1, 1, 10];

function run(index: number, extra: Partial<ChartRun> = {}): ChartRun {
  const curve = [1, 0.5, 0.2, 0.1];
  return {
    name: `run${index}`,
    index,
    ode: { risk: curve, mu: [1, 1, 1, 1], nu: curve, threshold: [5, 5, 5, 5], ccc: [0.5, 1.2, 1.5, 2] },
    sgd: { median: curve, q10: curve.map((v) => v * 0.8), q90: curve.map((v) => v * 1.2) },
    hsgd: null,
    ...extra,
  };
}

const datasets = (runs: ChartRun[], options: Partial<Parameters<typeof lossChartConfig>[0]> = {}) =>
  lossChartConfig({ t, runs, xScale: 'log', yScale: 'log', showHsgd: false, theme, ...options }).data.datasets as ClipexpDataset[];

describe('lossChartConfig', () => {
  it('draws per run: the 10-90% band, the SGD median and the dashed ODE, in the run colour', () => {
    const ds = datasets([run(0), run(1)]);
    assert.deepEqual(ds.map((d) => `${d.runName}:${d.role}`), ['run0:sgd-q10', 'run0:sgd-q90', 'run0:sgd', 'run0:ode', 'run1:sgd-q10', 'run1:sgd-q90', 'run1:sgd', 'run1:ode']);
    const median = ds.find((d) => d.role === 'sgd' && d.runIndex === 1)!;
    assert.equal(median.borderColor, '#222222');
    const ode = ds.find((d) => d.role === 'ode' && d.runIndex === 1)!;
    assert.deepEqual(ode.borderDash, [6, 4]);
    const q90 = ds.find((d) => d.role === 'sgd-q90' && d.runIndex === 0)!;
    assert.equal(q90.fill, '-1');
    assert.equal(q90.backgroundColor, 'rgba(17, 17, 17, 0.18)');
  });

  it('leaves out t = 0 on a log axis, leaves gaps for values <= 0 (log) and Infinity/NaN (any axis)', () => {
    const r = run(0, { sgd: null, ode: { risk: [1, 0, Infinity, NaN], mu: [1, 1, 1, 1], nu: [1, 1, 1, 1], threshold: [1, 1, 1, 1], ccc: [1, 1, 1, 1] } });
    const ode = datasets([r]).find((d) => d.role === 'ode')!;
    assert.deepEqual(ode.data, [{ x: 0.1, y: null }, { x: 1, y: null }, { x: 10, y: null }]);
    const linear = datasets([r], { xScale: 'linear', yScale: 'linear' }).find((d) => d.role === 'ode')!;
    assert.deepEqual(linear.data.map((p) => p.y), [1, 0, null, null]);
  });

  it('a log axis within one decade (c(t) from 11 to 19) labels several ticks, a wide one only 1-2-5', () => {
    const narrow = [11.3, 12, 13, 14, 15, 16, 17, 18, 18.7].map((value) => ({ value }));
    const labels = narrow.map((tk) => tickLabel(tk.value, narrow, 'log')).filter((l) => l !== '');
    assert.ok(labels.length >= 3, labels.join(','));
    assert.deepEqual(labels.slice(1, 3), ['12', '13']);
    const wide = [1, 2, 3, 5, 10, 20, 30, 50, 100].map((value) => ({ value }));
    assert.deepEqual(wide.map((tk) => tickLabel(tk.value, wide, 'log')), ['1', '2', '', '5', '10', '20', '', '50', '100']);
    // Through the chart config: the c(t) plot's y axis uses it.
    const config = thresholdChartConfig({ t, runs: [run(0, { ode: { ...run(0).ode!, threshold: [11, 13, 17, 19] } })], xScale: 'log', theme });
    const callback = (config.options!.scales!.y as { ticks: { callback: (v: number, i: number, ticks: { value: number }[]) => string } }).ticks.callback;
    assert.equal(callback(13, 1, narrow), '13');
  });

  it('the criterion plot: a note instead of an empty frame when the criterion is infinite', () => {
    const inf = [Infinity, Infinity, Infinity, Infinity];
    const cauchy = [run(0, { ode: { ...run(0).ode!, threshold: [Infinity, Infinity, Infinity, Infinity], ccc: [1, NaN, NaN, NaN] } }), run(1, { ode: { ...run(1).ode!, ccc: inf } })];
    assert.equal(cccPlotState(cauchy), 'infinite');
    assert.ok(cccChartConfig({ t, runs: cauchy, xScale: 'log', theme }).data.datasets.every((d) => d.data.every((p) => p.y === null || d.label === 'break-even (1)')));
    assert.match(INFINITE_CCC_NOTE, /^Clipping beats plain SGD at every risk: plain SGD's noise variance is infinite/);
    assert.equal(cccPlotState([run(0), run(1)]), 'curves');
    assert.equal(cccPlotState([run(0, { ode: null })]), 'empty');
  });

  it('puts the divergence marker on the curve that diverged, none for an infinite-by-the-noise ODE', () => {
    const infiniteOde = run(0, { divergedAt: 0.1, odeDivergedAt: 0.1, sgdDivergedAt: null, odeRiskInfinite: true });
    assert.equal(datasets([infiniteOde]).filter((d) => d.role === 'diverged').length, 0);
    const seeds = run(1, { divergedAt: 1, odeDivergedAt: null, sgdDivergedAt: 1 });
    const markers = datasets([seeds]).filter((d) => d.role === 'diverged');
    assert.deepEqual(markers.map((d) => d.label), ['run1: SGD diverged at t = 1']);
    assert.deepEqual(markers[0].data, [{ x: 1, y: 0.2 }]);
    const odeBlowUp = run(0, { divergedAt: 0.1, odeDivergedAt: 0.1, sgdDivergedAt: null, odeRiskInfinite: false });
    assert.deepEqual(datasets([odeBlowUp]).filter((d) => d.role === 'diverged').map((d) => d.label), ['run0: ODE diverged at t = 0.1']);
  });

  it('marks a diverged run where it diverged instead of silently cutting the curve', () => {
    const r = run(0, { divergedAt: 1.5, sgd: { median: [1, 2, 50, Infinity], q10: [1, 1, 1, 1], q90: [1, 1, 1, 1] } });
    const marker = datasets([r]).find((d) => d.role === 'diverged')!;
    assert.ok(marker);
    assert.equal(marker.label, 'run0 diverged at t = 1.5');
    assert.deepEqual(marker.data, [{ x: 1.5, y: 50 }]);
    assert.equal((marker as { showLine?: boolean }).showLine, false);
  });

  it('hides every curve of a hidden run, and draws the C-HSGD band only on demand', () => {
    const band = { median: [1, 1, 1, 1], q10: [1, 1, 1, 1], q90: [2, 2, 2, 2] };
    const ds = datasets([run(0, { hidden: true, hsgd: band }), run(1, { hsgd: band })]);
    assert.ok(ds.filter((d) => d.runIndex === 0).every((d) => d.hidden));
    assert.ok(ds.filter((d) => d.runIndex === 1).every((d) => !d.hidden));
    assert.ok(!ds.some((d) => d.role.startsWith('hsgd')));
    const shown = datasets([run(0, { hsgd: band })], { showHsgd: true });
    assert.deepEqual(shown.filter((d) => d.role.startsWith('hsgd')).map((d) => d.role), ['hsgd-q10', 'hsgd-q90']);
  });

  it('uses log axes by default, fixed ranges when linked, and an index tooltip over all runs', () => {
    const config = lossChartConfig({ t, runs: [run(0)], xScale: 'log', yScale: 'linear', showHsgd: false, theme, xRange: { min: 0.1, max: 10 }, yRange: null });
    const scales = config.options!.scales as Record<string, { type: string; min?: number; max?: number }>;
    assert.equal(scales.x.type, 'logarithmic');
    assert.equal(scales.y.type, 'linear');
    assert.equal(scales.x.min, 0.1);
    assert.equal(scales.x.max, 10);
    assert.equal(scales.y.min, undefined);
    assert.deepEqual(config.options!.interaction, { mode: 'index', intersect: false, axis: 'x' });
  });
});

describe('many runs', () => {
  it('drops the legend and shows the nearest curve in the tooltip beyond a dozen runs', () => {
    const few = lossChartConfig({ t, runs: Array.from({ length: 12 }, (_, i) => run(i)), xScale: 'log', yScale: 'log', showHsgd: false, theme });
    const lots = lossChartConfig({ t, runs: Array.from({ length: 100 }, (_, i) => run(i)), xScale: 'log', yScale: 'log', showHsgd: false, theme });
    assert.notEqual(few.options!.plugins!.legend!.display, false);
    assert.equal(few.options!.interaction!.mode, 'index');
    assert.equal(lots.options!.plugins!.legend!.display, false);
    assert.equal(lots.options!.interaction!.mode, 'nearest');
    assert.equal(lots.data.datasets.length, 400);
  });
});

describe('colours and small charts', () => {
  it('gives each run its own colour, beyond the palette too', () => {
    const colors = new Set(Array.from({ length: 30 }, (_, i) => runColor(theme, i)));
    assert.equal(colors.size, 30);
    assert.equal(withAlpha('#abc', 0.5), 'rgba(170, 187, 204, 0.5)');
    assert.equal(withAlpha('rgb(1, 2, 3)', 0.2), 'rgba(1, 2, 3, 0.2)');
    assert.equal(withAlpha('hsl(10, 50%, 50%)', 0.2), 'hsla(10, 50%, 50%, 0.2)');
  });

  it('threshold and criterion plots leave out runs that do not clip, and draw the break-even line', () => {
    const noClip = run(1, { ode: { risk: [1, 1, 1, 1], mu: [1, 1, 1, 1], nu: [1, 1, 1, 1], threshold: [Infinity, Infinity, Infinity, Infinity], ccc: [1, 1, 1, 1] } });
    const input = { t, runs: [run(0), noClip], xScale: 'log' as const, theme };
    assert.deepEqual(thresholdChartConfig(input).data.datasets.map((d) => d.label), ['run0']);
    const ccc = cccChartConfig(input).data.datasets;
    assert.deepEqual(ccc.map((d) => d.label), ['run0', 'break-even (1)']);
    assert.deepEqual(ccc[1].data.map((p) => p.y), [1, 1]);
  });

  it('points(): pairs t with values', () => {
    assert.deepEqual(points([1, 2], [3, 4], 'linear'), [{ x: 1, y: 3 }, { x: 2, y: 4 }]);
  });
});

describe('ticks', () => {
  it('labels only 1-2-5 ticks on log axes, compactly', async () => {
    const { formatTick } = await import('../../../src/shared/chartConfig');
    assert.deepEqual([1, 1.1, 2, 3, 5, 10, 20, 0.05, 0.07].map((v) => formatTick(v, 'log')), ['1', '', '2', '', '5', '10', '20', '0.05', '']);
    assert.equal(formatTick(50000, 'log'), '5e4');
    assert.equal(formatTick(0.0002, 'log'), '2e-4');
    assert.equal(formatTick(2.5, 'linear'), '2.5');
  });
});
