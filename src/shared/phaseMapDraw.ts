// Draws a CCC phase map (src/engine/phaseMap.ts) onto any 2D canvas context: the browser's (the
// panel) or @napi-rs/canvas's (clipexp ccc). Heatmap of mu^2/nu against its unclipped value on log
// axes, the "clipping helps" outline, the best threshold per risk, the heuristic's path and the runs'
// ODE trajectories, a colour bar and a legend below the plot. Sizes are in CSS pixels (the caller
// scales the context for high-DPI canvases). No DOM access besides the context it is given.
import { formatTick, formatValue, runColor, type ChartTheme } from './chartConfig';
import { colorAt, normalize, rgbCss, type ColorMapName, type LogNorm } from './colorMaps';

/** The label noise as the figure names it (the engine's noise laws have this shape). */
export interface NoiseLabel {
  kind: string;
  scale?: number;
  dof?: number;
}

/**
 * A computed CCC phase map as drawn here: the engine's PhaseMap (src/engine/ode/phaseMap.ts) has
 * this shape; it is restated because src/shared does not import the engine.
 */
export interface PhaseMapFigure {
  noise: NoiseLabel;
  infiniteVariance: boolean;
  rRange: [number, number];
  tauRange: [number, number];
  /** Cell centres, log-spaced. */
  R: number[];
  tau: number[];
  /** mu^2 / nu per cell, row-major by tau. */
  rate: Float64Array;
  /** rate * (2R + E eps^2): above 1 clipping helps. */
  ratio: Float64Array;
  helps: Uint8Array;
  helpsCount: number;
  maxRatio: number;
  /** The ratio = 1 contour, as segments in (log10 R, log10 tau). */
  contour: number[];
  bestTau: number[];
  heuristic: { kappa: number; R: number[]; tau: number[] } | null;
  trajectories: { name: string; index: number; R: number[]; tau: number[] }[];
}

/**
 * The 2D-context methods drawn with here: the browser's CanvasRenderingContext2D and @napi-rs/canvas's
 * context both have them (declared structurally: shared code is type-checked without the DOM).
 */
export interface Context2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillRect(x: number, y: number, width: number, height: number): void;
  strokeRect(x: number, y: number, width: number, height: number): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  rect(x: number, y: number, width: number, height: number): void;
  stroke(): void;
  fill(): void;
  clip(): void;
  save(): void;
  restore(): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  measureText(text: string): { width: number };
  setLineDash(segments: number[]): void;
  translate(x: number, y: number): void;
  rotate(angle: number): void;
}

export interface PhaseMapDrawOptions {
  width: number;
  height: number;
  theme: ChartTheme;
  /** Title above the plot (e.g. the experiment's name); none when absent. */
  title?: string;
  /** Runs hidden in the panel: their trajectories are not drawn. */
  hiddenRuns?: ReadonlySet<string>;
}

/** Where things landed (the panel uses the plot area for its hover read-out; tests check the layout). */
export interface PhaseMapLayout {
  plot: { x: number; y: number; width: number; height: number };
  colorBar: { x: number; y: number; width: number; height: number };
  legend: { x: number; y: number; width: number; height: number };
}

const OVERLAY = '#111111';
const HALO = 'rgba(255, 255, 255, 0.85)';
const TICK = 5;
/** Heatmap pixel block size (CSS px): smooth enough, a few ten thousand rectangles. */
const HEATMAP_BLOCK = 3;

interface Scaling {
  map: ColorMapName;
  norm: LogNorm;
  label: string;
  /** log10 of the shown quantity at cell k. */
  value(k: number): number;
}

/** What the colours show: the ratio (diverging around 1), or mu^2/nu itself with infinite variance. */
export function phaseMapScaling(map: PhaseMapFigure): Scaling {
  if (map.infiniteVariance) {
    let max = -Infinity;
    let min = Infinity;
    for (const v of map.rate) {
      if (!(v > 0)) continue;
      max = Math.max(max, Math.log10(v));
      min = Math.min(min, Math.log10(v));
    }
    if (!Number.isFinite(max)) max = min = 0;
    // The data's range, at most three decades below the best rate, at least half a decade.
    return {
      map: 'viridis',
      norm: { min: Math.min(max - 0.5, Math.max(min, max - 3)), max },
      label: 'μ²/ν (unclipped: 0)',
      value: (k) => (map.rate[k] > 0 ? Math.log10(map.rate[k]) : -Infinity),
    };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of map.ratio) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    const l = Math.log10(v);
    lo = Math.min(lo, l);
    hi = Math.max(hi, l);
  }
  // Two decades below break-even are plenty (a threshold far below the residual only stalls).
  const min = Math.min(-0.25, Math.max(lo, -2));
  const max = Math.max(0, Math.min(hi, 2));
  return {
    map: 'coolwarm',
    norm: { min, max: max > 1e-3 ? max : 0, center: 0 },
    label: 'μ²/ν ÷ unclipped μ²/ν',
    value: (k) => (map.ratio[k] > 0 ? Math.log10(map.ratio[k]) : -Infinity),
  };
}

/** Ticks of a log axis over [lo, hi]: decades labelled; 2 and 5 also labelled on short ranges. */
export function logTicks(lo: number, hi: number): { value: number; label: string; major: boolean }[] {
  const decades = Math.log10(hi / lo);
  const out: { value: number; label: string; major: boolean }[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (let m = 1; m <= 9; m++) {
      const value = m * Math.pow(10, e);
      if (value < lo * (1 - 1e-9) || value > hi * (1 + 1e-9)) continue;
      const labelled = m === 1 || (decades <= 2.2 && (m === 2 || m === 5));
      out.push({ value, label: labelled ? formatTick(value, 'log') : '', major: m === 1 });
    }
  }
  return out;
}

function noiseText(map: PhaseMapFigure): string {
  const n = map.noise;
  switch (n.kind) {
    case 'none': return 'no noise';
    case 'gaussian': return `Gaussian noise, s = ${formatValue(n.scale ?? NaN)}`;
    case 'rademacher': return `Rademacher noise, ±${formatValue(n.scale ?? NaN)}`;
    case 'studentT': return n.dof === 1 ? `Cauchy noise (Student-t, 1 dof), s = ${formatValue(n.scale ?? NaN)}` : `Student-t noise, ${formatValue(n.dof ?? NaN)} dof, s = ${formatValue(n.scale ?? NaN)}`;
    default: return `${n.kind} noise`;
  }
}

/** One line on what the map says, from its numbers. */
export function phaseMapSummary(map: PhaseMapFigure): string {
  if (map.infiniteVariance) return `${noiseText(map)}: E ε² = ∞, so plain SGD's μ²/ν is 0 and every threshold helps; colours show μ²/ν`;
  const share = map.helpsCount / map.helps.length;
  if (map.helpsCount === 0) return `${noiseText(map)}: the ratio stays ≤ 1 (max ${formatValue(map.maxRatio)}): clipping never helps`;
  return `${noiseText(map)}: clipping helps on ${formatValue(100 * share)}% of the map (ratio up to ${formatValue(map.maxRatio)})`;
}

interface LegendEntry {
  label: string;
  sample(ctx: Context2D, x: number, y: number, w: number): void;
}

function strokePath(ctx: Context2D, xs: number[], ys: number[]): void {
  ctx.beginPath();
  let pen = false;
  for (let k = 0; k < xs.length; k++) {
    if (!Number.isFinite(xs[k]) || !Number.isFinite(ys[k])) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(xs[k], ys[k]);
    else ctx.moveTo(xs[k], ys[k]);
    pen = true;
  }
  ctx.stroke();
}

function styledLine(ctx: Context2D, color: string, width: number, dash: number[]): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
}

export function drawPhaseMap(ctx: Context2D, map: PhaseMapFigure, options: PhaseMapDrawOptions): PhaseMapLayout {
  const { width, height, theme } = options;
  const fs = theme.fontSize;
  const font = (size: number, weight = '') => `${weight ? weight + ' ' : ''}${size}px ${theme.fontFamily}`;
  const scaling = phaseMapScaling(map);
  const nR = map.R.length;
  const nT = map.tau.length;

  ctx.save();
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);

  // ---- legend entries (laid out first: the plot takes what is left) ----
  const hidden = options.hiddenRuns ?? new Set<string>();
  const entries: LegendEntry[] = [];
  if (map.contour.length > 0) {
    entries.push({ label: 'ratio = 1 (clipping helps on the red side)', sample: (c, x, y, w) => { styledLine(c, theme.foreground, 2.2, []); strokePath(c, [x, x + w], [y, y]); } });
  }
  if (map.bestTau.some(Number.isFinite)) entries.push({ label: 'best τ (max μ²/ν)', sample: (c, x, y, w) => { styledLine(c, theme.foreground, 2, [1, 4]); strokePath(c, [x, x + w], [y, y]); } });
  if (map.heuristic) {
    entries.push({ label: `heuristic τ = κ√(2R+s²), κ = ${formatValue(map.heuristic.kappa)}`, sample: (c, x, y, w) => { styledLine(c, theme.foreground, 2, [7, 4]); strokePath(c, [x, x + w], [y, y]); } });
  }
  const trajectories = map.trajectories.filter((tr) => !hidden.has(tr.name));
  for (const tr of trajectories) {
    const color = runColor(theme, tr.index);
    entries.push({ label: tr.name, sample: (c, x, y, w) => { styledLine(c, color, 3, []); strokePath(c, [x, x + w], [y, y]); } });
  }
  if (trajectories.length > 0) {
    entries.push({
      label: 'start → end (ODE)',
      sample: (c, x, y, w) => {
        c.setLineDash([]);
        c.lineWidth = 1.5;
        c.strokeStyle = theme.foreground;
        c.beginPath();
        c.arc(x + 4, y, 3.5, 0, 2 * Math.PI);
        c.stroke();
        c.fillStyle = theme.foreground;
        c.beginPath();
        c.arc(x + w - 4, y, 4, 0, 2 * Math.PI);
        c.fill();
      },
    });
  }

  const pad = 12;
  ctx.font = font(fs - 1);
  const sampleW = 26;
  const entryGap = 18;
  const legendRowH = fs + 8;
  const measure = (text: string) => ctx.measureText(text).width;

  // ---- margins ----
  const titleH = options.title ? fs + 10 : 0;
  const subtitleH = fs + 8;
  const yTicks = logTicks(map.tauRange[0], map.tauRange[1]);
  const xTicks = logTicks(map.rRange[0], map.rRange[1]);
  ctx.font = font(fs - 1);
  const yTickW = Math.max(...yTicks.map((t) => measure(t.label)), 10);
  const cbTickW = measure('0.005');
  const left = pad + fs + 10 + yTickW + TICK + 4;
  const cbWidth = 16;
  const right = 22 + cbWidth + TICK + 4 + cbTickW + 10 + fs + pad;
  const plotW = Math.max(40, width - left - right);

  // Legend rows across the full width under the plot.
  ctx.font = font(fs - 1);
  const rows: { entry: LegendEntry; x: number }[][] = [[]];
  let cursor = 0;
  const legendW = width - 2 * pad;
  for (const entry of entries) {
    const w = sampleW + 6 + measure(entry.label);
    if (cursor > 0 && cursor + w > legendW) {
      rows.push([]);
      cursor = 0;
    }
    rows[rows.length - 1].push({ entry, x: cursor });
    cursor += w + entryGap;
  }
  const legendH = rows.length * legendRowH;
  const bottom = TICK + fs + 8 + fs + 12 + legendH + pad;
  const top = pad + titleH + subtitleH;
  const plotH = Math.max(40, height - top - bottom);
  // Whole pixels: the heatmap's blocks then meet without seams.
  const plot = { x: Math.round(left), y: Math.round(top), width: Math.floor(plotW), height: Math.floor(plotH) };

  const lx0 = Math.log10(map.rRange[0]);
  const lx1 = Math.log10(map.rRange[1]);
  const ly0 = Math.log10(map.tauRange[0]);
  const ly1 = Math.log10(map.tauRange[1]);
  const px = (logR: number) => plot.x + ((logR - lx0) / (lx1 - lx0)) * plot.width;
  const py = (logTau: number) => plot.y + plot.height - ((logTau - ly0) / (ly1 - ly0)) * plot.height;

  // ---- title ----
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  if (options.title) {
    ctx.fillStyle = theme.foreground;
    ctx.font = font(fs + 2, 'bold');
    ctx.fillText(options.title, left, pad + fs + 2, width - left - pad);
  }
  ctx.fillStyle = theme.muted;
  ctx.font = font(fs - 1);
  // Squeezed rather than cut off in a narrow panel.
  ctx.fillText(phaseMapSummary(map), left, pad + titleH + fs, width - left - pad);

  // ---- heatmap: the field interpolated bilinearly between cell centres, in small pixel blocks ----
  // (each block overlaps the next by a pixel, clipped to the plot: no seams at fractional device scales)
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.width, plot.height);
  ctx.clip();
  const field = new Float64Array(nR * nT);
  for (let k = 0; k < field.length; k++) field[k] = Math.max(scaling.value(k), scaling.norm.min - 1);
  const block = HEATMAP_BLOCK;
  for (let y0 = 0; y0 < plot.height; y0 += block) {
    const h = Math.min(block, plot.height - y0);
    // Fractional row index of this block's centre (row 0 at the bottom).
    const fy = Math.min(nT - 1, Math.max(0, (1 - (y0 + h / 2) / plot.height) * nT - 0.5));
    const j0 = Math.min(nT - 2, Math.floor(fy));
    const wy = nT > 1 ? fy - j0 : 0;
    for (let x0 = 0; x0 < plot.width; x0 += block) {
      const w = Math.min(block, plot.width - x0);
      const fx = Math.min(nR - 1, Math.max(0, ((x0 + w / 2) / plot.width) * nR - 0.5));
      const i0 = Math.min(nR - 2, Math.floor(fx));
      const wx = fx - i0;
      const v = (1 - wy) * ((1 - wx) * field[j0 * nR + i0] + wx * field[j0 * nR + i0 + 1])
        + wy * ((1 - wx) * field[(j0 + 1) * nR + i0] + wx * field[(j0 + 1) * nR + i0 + 1]);
      ctx.fillStyle = rgbCss(colorAt(scaling.map, normalize(scaling.norm, v)));
      ctx.fillRect(plot.x + x0, plot.y + y0, w + 1, h + 1);
    }
  }
  ctx.restore();

  // ---- overlays, clipped to the plot ----
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.width, plot.height);
  ctx.clip();
  if (map.contour.length > 0) {
    styledLine(ctx, OVERLAY, 2.2, []);
    ctx.beginPath();
    for (let s = 0; s + 3 < map.contour.length; s += 4) {
      ctx.moveTo(px(map.contour[s]), py(map.contour[s + 1]));
      ctx.lineTo(px(map.contour[s + 2]), py(map.contour[s + 3]));
    }
    ctx.stroke();
  }
  const lineOnMap = (R: number[], tau: number[], color: string, width: number, dash: number[], halo: boolean) => {
    const xs = R.map((r) => px(Math.log10(r)));
    const ys = tau.map((t) => py(Math.log10(t)));
    if (halo) {
      styledLine(ctx, HALO, width + 2.5, dash);
      strokePath(ctx, xs, ys);
    }
    styledLine(ctx, color, width, dash);
    strokePath(ctx, xs, ys);
  };
  lineOnMap(map.R, map.bestTau, OVERLAY, 2, [1, 4], true);
  if (map.heuristic) lineOnMap(map.heuristic.R, map.heuristic.tau, OVERLAY, 2, [7, 4], true);
  for (const tr of trajectories) {
    const color = runColor(theme, tr.index);
    lineOnMap(tr.R, tr.tau, color, 3, [], true);
    const first = { x: px(Math.log10(tr.R[0])), y: py(Math.log10(tr.tau[0])) };
    const last = { x: px(Math.log10(tr.R[tr.R.length - 1])), y: py(Math.log10(tr.tau[tr.tau.length - 1])) };
    ctx.setLineDash([]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = color;
    ctx.fillStyle = HALO;
    ctx.beginPath();
    ctx.arc(first.x, first.y, 4.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = color;
    ctx.strokeStyle = OVERLAY;
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    ctx.arc(last.x, last.y, 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();

  // ---- frame and axes ----
  ctx.setLineDash([]);
  ctx.strokeStyle = theme.muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.width + 1, plot.height + 1);
  ctx.font = font(fs - 1);
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.beginPath();
  for (const tick of xTicks) {
    const x = Math.round(px(Math.log10(tick.value))) + 0.5;
    const len = tick.major ? TICK : TICK - 2;
    ctx.moveTo(x, plot.y + plot.height);
    ctx.lineTo(x, plot.y + plot.height + len);
    if (tick.label) ctx.fillText(tick.label, x, plot.y + plot.height + TICK + 3);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of yTicks) {
    const y = Math.round(py(Math.log10(tick.value))) + 0.5;
    const len = tick.major ? TICK : TICK - 2;
    ctx.moveTo(plot.x, y);
    ctx.lineTo(plot.x - len, y);
    if (tick.label) ctx.fillText(tick.label, plot.x - TICK - 4, y);
  }
  ctx.stroke();
  ctx.fillStyle = theme.foreground;
  ctx.font = font(fs);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('risk R', plot.x + plot.width / 2, plot.y + plot.height + TICK + fs + 8);
  ctx.save();
  ctx.translate(pad + fs / 2 + 2, plot.y + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText('threshold τ = c / √(tr K)', 0, 0);
  ctx.restore();

  // ---- colour bar ----
  const colorBar = { x: plot.x + plot.width + 22, y: plot.y, width: cbWidth, height: plot.height };
  // The bar shows the normalized range actually used: [0, u(max)] (only the lower half when nothing helps).
  const uTop = normalize(scaling.norm, scaling.norm.max) || 1;
  const cbTicks = colorBarTicks(scaling.norm, (uTop * 2 * fs) / colorBar.height);
  for (let y = 0; y < colorBar.height; y++) {
    const u = uTop * (1 - (y + 0.5) / colorBar.height);
    ctx.fillStyle = rgbCss(colorAt(scaling.map, u));
    ctx.fillRect(colorBar.x, colorBar.y + y, colorBar.width, y + 1 < colorBar.height ? 2 : 1); // overlapping rows: no seams
  }
  ctx.strokeStyle = theme.muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(colorBar.x - 0.5, colorBar.y - 0.5, colorBar.width + 1, colorBar.height + 1);
  ctx.font = font(fs - 1);
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  for (const tick of cbTicks) {
    const u = normalize(scaling.norm, tick.log) / uTop;
    const y = Math.round(colorBar.y + (1 - u) * colorBar.height) + 0.5;
    ctx.moveTo(colorBar.x + colorBar.width, y);
    ctx.lineTo(colorBar.x + colorBar.width + TICK, y);
    ctx.fillText(tick.label, colorBar.x + colorBar.width + TICK + 3, y);
  }
  ctx.stroke();
  ctx.save();
  ctx.translate(colorBar.x + colorBar.width + TICK + 4 + cbTickW + 8 + fs / 2, colorBar.y + colorBar.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillStyle = theme.foreground;
  ctx.font = font(fs);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(scaling.label, 0, 0);
  ctx.restore();

  // ---- legend ----
  const legend = { x: pad, y: height - pad - legendH, width: legendW, height: legendH };
  ctx.font = font(fs - 1);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  rows.forEach((row, r) => {
    const rowWidth = row.length > 0 ? row[row.length - 1].x + sampleW + 6 + measure(row[row.length - 1].entry.label) : 0;
    const offset = legend.x + Math.max(0, (legendW - rowWidth) / 2);
    const y = legend.y + r * legendRowH + legendRowH / 2;
    for (const { entry, x } of row) {
      ctx.save();
      entry.sample(ctx, offset + x, y, sampleW);
      ctx.restore();
      ctx.fillStyle = theme.foreground;
      ctx.fillText(entry.label, offset + x + sampleW + 6, y);
    }
  });
  ctx.restore();
  return { plot, colorBar, legend };
}

/**
 * Colour bar ticks: nice values (1, 2, 5, then 1.5, 3, ...) inside the range, most important first,
 * keeping only those at least `minGap` (in normalized units) from the ticks already taken.
 */
export function colorBarTicks(norm: LogNorm, minGap: number): { log: number; label: string }[] {
  const wide = norm.max - norm.min > 1.5;
  const priorities = wide ? [[1], [2, 5]] : [[1], [2, 5], [3], [1.5, 7], [1.2, 4, 6, 8], [9]];
  const taken: { log: number; label: string; u: number }[] = [];
  for (const mantissas of priorities) {
    for (let e = Math.floor(norm.min) - 1; e <= Math.ceil(norm.max); e++) {
      for (const m of mantissas) {
        const log = Math.log10(m) + e;
        if (log < norm.min - 1e-9 || log > norm.max + 1e-9) continue;
        const u = normalize(norm, log);
        if (taken.some((t) => Math.abs(t.u - u) < minGap)) continue;
        taken.push({ log, u, label: formatValue(Math.pow(10, log)) });
      }
    }
  }
  return taken.sort((a, b) => a.log - b.log).map(({ log, label }) => ({ log, label }));
}
