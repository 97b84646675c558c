// Chart.js configurations for ClipExp's plots, as pure functions of the numbers and a theme.
// The panel (webview/) uses them with colours read from VS Code's --vscode-* variables; the CLI's
// `plot` can reuse them with a fixed theme. No DOM, no `vscode`, only type imports from chart.js.
import type { ChartConfiguration, ChartDataset, TooltipItem } from 'chart.js';

export type Scale = 'log' | 'linear';

export interface ChartTheme {
  foreground: string;
  muted: string;        // secondary text
  grid: string;         // grid lines
  background: string;   // for the PNG export
  fontFamily: string;
  fontSize: number;
  palette: string[];    // one colour per run, by run index
  highContrast: boolean;
}

export interface BandArrays { median: ArrayLike<number>; q10: ArrayLike<number>; q90: ArrayLike<number> }

/** One run as the charts need it: RunResult-shaped, so the CLI can pass its results directly. */
export interface ChartRun {
  name: string;
  index: number;
  hidden?: boolean;
  divergedAt?: number | null;
  /**
   * Which curve diverged (the panel knows; the CLI's older results may not): when either is given,
   * markers go on that curve only, and none on an ODE whose risk is infinite by the noise (not a blow-up).
   */
  odeDivergedAt?: number | null;
  sgdDivergedAt?: number | null;
  odeRiskInfinite?: boolean;
  ode: { risk: ArrayLike<number>; mu: ArrayLike<number>; nu: ArrayLike<number>; threshold: ArrayLike<number>; ccc: ArrayLike<number> } | null;
  sgd: BandArrays | null;
  hsgd: BandArrays | null;
}

export interface AxisRange { min: number; max: number }

export interface LossChartInput {
  t: ArrayLike<number>;
  runs: ChartRun[];
  xScale: Scale;
  yScale: Scale;
  showHsgd: boolean;
  theme: ChartTheme;
  /** Fixed ranges (linked axes when two experiments are compared). */
  xRange?: AxisRange | null;
  yRange?: AxisRange | null;
}

export type DatasetRole = 'sgd' | 'sgd-q10' | 'sgd-q90' | 'ode' | 'hsgd-q10' | 'hsgd-q90' | 'diverged';
export interface XY { x: number; y: number | null }
/** Every dataset says which run and which curve it is (the e2e tests and the tooltip read these). */
export type ClipexpDataset = ChartDataset<'line', XY[]> & { runName: string; runIndex: number; role: DatasetRole };

/** Default palette (VS Code's chart colours, then more hues) for when the theme gives fewer colours. */
export const FALLBACK_PALETTE = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#d18616', '#4ec9b0', '#e879b9', '#9cdcfe', '#a1a1a1'];

export function runColor(theme: ChartTheme, index: number): string {
  const palette = theme.palette.length > 0 ? theme.palette : FALLBACK_PALETTE;
  if (index < palette.length) return palette[index];
  // Beyond the palette: golden-angle hues, mid lightness, readable on light and dark backgrounds.
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue}, 65%, 55%)`;
}

/** `color` with opacity `alpha` (hex, rgb(a) or hsl colours; anything else is returned as is). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let m = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (m) {
    let hex = m[1];
    if (hex.length === 3 || hex.length === 4) hex = [...hex].map((h) => h + h).join('');
    const r = parseInt(hex.slice(0, 2), 16), g = parseInt(hex.slice(2, 4), 16), b = parseInt(hex.slice(4, 6), 16);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  m = /^rgba?\(([^,]+),([^,]+),([^,)]+)/i.exec(c);
  if (m) return `rgba(${m[1].trim()}, ${m[2].trim()}, ${m[3].trim()}, ${alpha})`;
  m = /^hsla?\(([^,]+),([^,]+),([^,)]+)/i.exec(c);
  if (m) return `hsla(${m[1].trim()}, ${m[2].trim()}, ${m[3].trim()}, ${alpha})`;
  return c;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/**
 * Points for a curve: non-finite values, and non-positive ones on a log axis, become gaps (null).
 * On a log time axis, times <= 0 are left out (Chart.js would otherwise widen the axis to decades
 * nobody asked for); every curve drops the same times, so runs stay aligned index by index.
 */
export function points(t: ArrayLike<number>, y: ArrayLike<number>, yScale: Scale, xScale: Scale = 'linear'): XY[] {
  const n = Math.min(t.length, y.length);
  const out: XY[] = [];
  for (let i = 0; i < n; i++) {
    if (xScale === 'log' && !(t[i] > 0)) continue;
    const v = y[i];
    const drawable = Number.isFinite(v) && (yScale === 'linear' || v > 0);
    out.push({ x: t[i], y: drawable ? v : null });
  }
  return out;
}

/** The last finite value of a curve at or before time `at` (where a divergence marker goes). */
export function lastFiniteBefore(t: ArrayLike<number>, y: ArrayLike<number>, at: number): number | null {
  let found: number | null = null;
  for (let i = 0; i < Math.min(t.length, y.length); i++) {
    if (t[i] > at) break;
    if (Number.isFinite(y[i])) found = y[i];
  }
  return found;
}

function finiteTime(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** Where the × markers of a diverged run go: on the curve that diverged, at its divergence time. */
export function divergenceMarkers(run: ChartRun): { at: number; curve: ArrayLike<number>; label: string }[] {
  const out: { at: number; curve: ArrayLike<number>; label: string }[] = [];
  if (run.odeDivergedAt !== undefined || run.sgdDivergedAt !== undefined) {
    if (finiteTime(run.sgdDivergedAt) && run.sgd) out.push({ at: run.sgdDivergedAt, curve: run.sgd.median, label: `${run.name}: SGD diverged at t = ${formatValue(run.sgdDivergedAt)}` });
    if (finiteTime(run.odeDivergedAt) && run.ode && !run.odeRiskInfinite) out.push({ at: run.odeDivergedAt, curve: run.ode.risk, label: `${run.name}: ODE diverged at t = ${formatValue(run.odeDivergedAt)}` });
    return out;
  }
  if (finiteTime(run.divergedAt)) {
    const curve = run.sgd?.median ?? run.ode?.risk;
    if (curve) out.push({ at: run.divergedAt, curve, label: `${run.name} diverged at t = ${formatValue(run.divergedAt)}` });
  }
  return out;
}

/** Compact tick text: 0.05, 200, 5e+4; on log axes only the 1-2-5 ticks are labelled. */
export function formatTick(value: number, scale: Scale): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)) + 1e-9);
  const mantissa = Number((value / Math.pow(10, exponent)).toPrecision(3));
  if (scale === 'log' && ![1, 2, 5].includes(Math.abs(mantissa))) return '';
  if (exponent >= 4 || exponent <= -4) return `${mantissa}e${exponent}`;
  return String(Number(value.toPrecision(3)));
}

/**
 * Tick text for a whole axis: as formatTick, but a log axis spanning less than a decade (a c(t)
 * between 11 and 19, say) labels every tick, else it would show a single label or none.
 */
export function tickLabel(value: number, ticks: readonly { value: number }[], scale: Scale): string {
  if (scale !== 'log') return formatTick(value, scale);
  const values = ticks.map((t) => t.value).filter((v) => v > 0 && Number.isFinite(v));
  const labelled = values.filter((v) => formatTick(v, 'log') !== '').length;
  if (labelled >= 2 || values.length === 0) return formatTick(value, scale);
  return formatTick(value, 'linear');
}

function axisType(scale: Scale): 'logarithmic' | 'linear' {
  return scale === 'log' ? 'logarithmic' : 'linear';
}

function commonOptions(theme: ChartTheme) {
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false as const,
    normalized: true,
    spanGaps: false,
    elements: { point: { radius: 0, hitRadius: 4 }, line: { tension: 0 } },
    font: { family: theme.fontFamily, size: theme.fontSize },
  };
}

function axis(theme: ChartTheme, scale: Scale, title: string, range?: AxisRange | null) {
  return {
    type: axisType(scale),
    title: { display: true, text: title, color: theme.muted, font: { family: theme.fontFamily, size: theme.fontSize } },
    ticks: {
      color: theme.muted,
      font: { family: theme.fontFamily, size: theme.fontSize - 1 },
      maxRotation: 0,
      autoSkip: true,
      callback: (value: number | string, _index: number, ticks: { value: number }[]) => (typeof value === 'number' ? tickLabel(value, ticks ?? [], scale) : value),
    },
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ...(range ? { min: range.min, max: range.max } : {}),
  };
}

function dataset(run: ChartRun, role: DatasetRole, label: string, data: XY[], style: Partial<ChartDataset<'line', XY[]>>): ClipexpDataset {
  return {
    type: 'line',
    label,
    data,
    runName: run.name,
    runIndex: run.index,
    role,
    hidden: run.hidden === true,
    pointRadius: 0,
    fill: false,
    ...style,
  } as ClipexpDataset;
}

/** Runs up to which the main chart has a legend and an all-runs tooltip. */
export const MAX_LEGEND_RUNS = 12;

/** The main chart: risk against time for every run. */
export function lossChartConfig(input: LossChartInput): ChartConfiguration<'line', XY[]> {
  const { t, theme, xScale, yScale } = input;
  const datasets: ClipexpDataset[] = [];
  const lineWidth = theme.highContrast ? 2.5 : 2;
  for (const run of input.runs) {
    const color = runColor(theme, run.index);
    if (run.sgd) {
      datasets.push(dataset(run, 'sgd-q10', `${run.name} SGD 10%`, points(t, run.sgd.q10, yScale, xScale), { borderWidth: 0, borderColor: 'transparent', backgroundColor: 'transparent' }));
      datasets.push(dataset(run, 'sgd-q90', `${run.name} SGD 90%`, points(t, run.sgd.q90, yScale, xScale), { borderWidth: 0, borderColor: 'transparent', backgroundColor: withAlpha(color, theme.highContrast ? 0.3 : 0.18), fill: '-1' }));
      datasets.push(dataset(run, 'sgd', run.name, points(t, run.sgd.median, yScale, xScale), { borderColor: color, backgroundColor: color, borderWidth: lineWidth }));
    }
    if (run.ode) {
      datasets.push(dataset(run, 'ode', run.sgd ? `${run.name} (ODE)` : run.name, points(t, run.ode.risk, yScale, xScale), { borderColor: color, backgroundColor: color, borderWidth: run.sgd ? 1.5 : lineWidth, borderDash: [6, 4] }));
    }
    if (run.hsgd && input.showHsgd) {
      datasets.push(dataset(run, 'hsgd-q10', `${run.name} C-HSGD 10%`, points(t, run.hsgd.q10, yScale, xScale), { borderWidth: 1, borderColor: withAlpha(color, 0.7), borderDash: [2, 3], backgroundColor: 'transparent' }));
      datasets.push(dataset(run, 'hsgd-q90', `${run.name} C-HSGD 90%`, points(t, run.hsgd.q90, yScale, xScale), { borderWidth: 1, borderColor: withAlpha(color, 0.7), borderDash: [2, 3], backgroundColor: withAlpha(color, 0.08), fill: '-1' }));
    }
    for (const marker of divergenceMarkers(run)) {
      const y = lastFiniteBefore(t, marker.curve, marker.at);
      if (y !== null && (yScale === 'linear' || y > 0)) {
        datasets.push(dataset(run, 'diverged', marker.label, [{ x: marker.at, y }], {
          showLine: false, pointRadius: 7, pointHoverRadius: 8, pointStyle: 'crossRot', borderColor: color, backgroundColor: color, borderWidth: 2.5,
        }));
      }
    }
  }
  // Beyond a dozen runs a legend would crowd out the plot and an all-runs tooltip the screen: the run
  // picker names the runs, and the tooltip shows the curve nearest to the pointer.
  const many = input.runs.filter((r) => !r.hidden).length > MAX_LEGEND_RUNS;
  return {
    type: 'line',
    data: { datasets },
    options: {
      ...commonOptions(theme),
      interaction: many ? { mode: 'nearest', intersect: false, axis: 'xy' } : { mode: 'index', intersect: false, axis: 'x' },
      scales: {
        x: axis(theme, xScale, 'time t (iterations / tr K)', input.xRange),
        y: axis(theme, yScale, 'risk R(t)', input.yRange),
      },
      plugins: {
        legend: {
          display: !many,
          position: 'bottom',
          labels: {
            color: theme.foreground,
            font: { family: theme.fontFamily, size: theme.fontSize },
            boxWidth: 18,
            boxHeight: 2,
            // One entry per run (its main curve) plus the divergence markers.
            filter: (item, data) => {
              const ds = data.datasets[item.datasetIndex ?? 0] as unknown as ClipexpDataset;
              return ds.role === 'sgd' || ds.role === 'diverged' || (ds.role === 'ode' && !data.datasets.some((d) => (d as unknown as ClipexpDataset).runIndex === ds.runIndex && (d as unknown as ClipexpDataset).role === 'sgd'));
            },
          },
        },
        tooltip: {
          // Every run's value at the hovered time: the median and ODE curves, not the band edges.
          filter: (item: TooltipItem<'line'>) => {
            const role = (item.dataset as unknown as ClipexpDataset).role;
            return role === 'sgd' || role === 'ode' || role === 'diverged';
          },
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items.length > 0 ? `t = ${formatValue(items[0].parsed.x ?? NaN)}` : ''),
            label: (item: TooltipItem<'line'>) => {
              const ds = item.dataset as unknown as ClipexpDataset;
              if (ds.role === 'diverged') return ds.label ?? '';
              const y = item.parsed.y;
              const value = y === null || y === undefined ? 'diverged' : formatValue(y);
              return ds.role === 'ode' && ds.label !== ds.runName ? `${ds.runName} (ODE): ${value}` : `${ds.runName}: ${value}`;
            },
          },
        },
      },
    },
  } as ChartConfiguration<'line', XY[]>;
}

export interface SmallChartInput {
  t: ArrayLike<number>;
  runs: ChartRun[];
  xScale: Scale;
  theme: ChartTheme;
}

function smallOptions(theme: ChartTheme, xScale: Scale, yScale: Scale, yTitle: string, extraScales: Record<string, unknown> = {}) {
  return {
    ...commonOptions(theme),
    interaction: { mode: 'index' as const, intersect: false, axis: 'x' as const },
    scales: { x: axis(theme, xScale, 't'), y: axis(theme, yScale, yTitle), ...extraScales },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items: TooltipItem<'line'>[]) => (items.length > 0 ? `t = ${formatValue(items[0].parsed.x ?? NaN)}` : ''),
          label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${item.parsed.y === null ? '-' : formatValue(item.parsed.y)}`,
        },
      },
    },
  };
}

/** Threshold c(t) of every clipped run (from the ODE, raw c; no clipping is not drawn). */
export function thresholdChartConfig(input: SmallChartInput): ChartConfiguration<'line', XY[]> {
  const datasets = input.runs
    .filter((run) => run.ode && Array.from(run.ode.threshold).some((c) => Number.isFinite(c)))
    .map((run) => {
      const color = runColor(input.theme, run.index);
      return dataset(run, 'ode', run.name, points(input.t, (run.ode as NonNullable<ChartRun['ode']>).threshold, 'log', input.xScale), { borderColor: color, backgroundColor: color, borderWidth: 1.5 });
    });
  return { type: 'line', data: { datasets }, options: smallOptions(input.theme, input.xScale, 'log', 'c(t)') } as ChartConfiguration<'line', XY[]>;
}

/** mu (solid, left axis, 0..1) and nu (dashed, right axis, log) along each run's ODE trajectory. */
export function factorsChartConfig(input: SmallChartInput): ChartConfiguration<'line', XY[]> {
  const datasets: ClipexpDataset[] = [];
  for (const run of input.runs) {
    if (!run.ode) continue;
    const color = runColor(input.theme, run.index);
    datasets.push(dataset(run, 'ode', `${run.name} mu`, points(input.t, run.ode.mu, 'linear', input.xScale), { borderColor: color, backgroundColor: color, borderWidth: 1.5, yAxisID: 'y' }));
    datasets.push(dataset(run, 'ode', `${run.name} nu`, points(input.t, run.ode.nu, 'log', input.xScale), { borderColor: color, backgroundColor: color, borderWidth: 1.2, borderDash: [5, 3], yAxisID: 'nu' }));
  }
  const nuAxis = { ...axis(input.theme, 'log', 'nu'), position: 'right' as const, grid: { drawOnChartArea: false, color: input.theme.grid } };
  const options = smallOptions(input.theme, input.xScale, 'linear', 'mu', { nu: nuAxis });
  (options.scales.y as Record<string, unknown>).min = 0;
  (options.scales.y as Record<string, unknown>).max = 1;
  return { type: 'line', data: { datasets }, options } as ChartConfiguration<'line', XY[]>;
}

/** What the criterion plot says instead of an empty frame when the criterion is infinite. */
export const INFINITE_CCC_NOTE = "Clipping beats plain SGD at every risk: plain SGD's noise variance is infinite (the criterion is infinite, there is no curve to draw).";

/**
 * The criterion plot's state: 'infinite' when every clipped run with an ODE has an infinite criterion
 * (infinite noise variance, e.g. Cauchy or Student-t with dof <= 2), 'empty' without clipped ODEs.
 */
export function cccPlotState(runs: ChartRun[]): 'curves' | 'infinite' | 'empty' {
  const clipped = runs.filter((run) => run.ode && Array.from(run.ode.threshold).some((c) => Number.isFinite(c)));
  if (clipped.length === 0) return 'empty';
  const infinite = clipped.every((run) => {
    const ccc = Array.from((run.ode as NonNullable<ChartRun['ode']>).ccc);
    return ccc.length > 0 && ccc.every((v) => v === Infinity);
  });
  return infinite ? 'infinite' : 'curves';
}

/** The clipping comparison criterion of every clipped run, with the break-even line at 1. */
export function cccChartConfig(input: SmallChartInput): ChartConfiguration<'line', XY[]> {
  const datasets: ClipexpDataset[] = [];
  for (const run of input.runs) {
    if (!run.ode || !Array.from(run.ode.threshold).some((c) => Number.isFinite(c))) continue;
    const color = runColor(input.theme, run.index);
    datasets.push(dataset(run, 'ode', run.name, points(input.t, run.ode.ccc, 'log', input.xScale), { borderColor: color, backgroundColor: color, borderWidth: 1.5 }));
  }
  if (datasets.length > 0 && input.t.length > 0) {
    const first = input.xScale === 'log' ? Array.from(input.t).find((v) => v > 0) ?? input.t[0] : input.t[0];
    const last = input.t[input.t.length - 1];
    const breakEven: ChartRun = { name: 'break-even', index: -1, ode: null, sgd: null, hsgd: null };
    datasets.push(dataset(breakEven, 'ode', 'break-even (1)', [{ x: first, y: 1 }, { x: last, y: 1 }], { borderColor: input.theme.muted, borderWidth: 1, borderDash: [3, 3] }));
  }
  return { type: 'line', data: { datasets }, options: smallOptions(input.theme, input.xScale, 'log', 'ratio') } as ChartConfiguration<'line', XY[]>;
}

export interface SuggestionChartInput {
  heuristic: { t: ArrayLike<number>; threshold: ArrayLike<number> };
  greedy: { t: ArrayLike<number>; threshold: ArrayLike<number> };
  bestConstant: number;
  xScale: Scale;
  theme: ChartTheme;
}

/** The suggested c(t) (heuristic), the greedy oracle's and the best constant threshold. */
export function suggestionChartConfig(input: SuggestionChartInput): ChartConfiguration<'line', XY[]> {
  const { theme } = input;
  const pseudo = (name: string, index: number): ChartRun => ({ name, index, ode: null, sgd: null, hsgd: null });
  const h = pseudo('heuristic', 0);
  const g = pseudo('greedy', 1);
  const ts = Array.from(input.heuristic.t).filter((v) => input.xScale === 'linear' || v > 0);
  const datasets: ClipexpDataset[] = [
    dataset(h, 'ode', 'heuristic c(t)', points(input.heuristic.t, input.heuristic.threshold, 'log', input.xScale), { borderColor: runColor(theme, 0), borderWidth: 2 }),
    dataset(g, 'ode', 'greedy oracle c(t)', points(input.greedy.t, input.greedy.threshold, 'log', input.xScale), { borderColor: runColor(theme, 2), borderWidth: 1.5, borderDash: [5, 3] }),
  ];
  if (ts.length > 0 && Number.isFinite(input.bestConstant)) {
    datasets.push(dataset(pseudo('best constant', 3), 'ode', 'best constant c', [{ x: ts[0], y: input.bestConstant }, { x: ts[ts.length - 1], y: input.bestConstant }], { borderColor: theme.muted, borderWidth: 1, borderDash: [2, 2] }));
  }
  const options = smallOptions(theme, input.xScale, 'log', 'c(t)');
  (options.plugins.legend as Record<string, unknown>) = { display: true, position: 'bottom', labels: { color: theme.foreground, boxWidth: 14, boxHeight: 2, font: { family: theme.fontFamily, size: theme.fontSize - 1 } } };
  return { type: 'line', data: { datasets }, options } as ChartConfiguration<'line', XY[]>;
}
