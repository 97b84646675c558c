// PNG figures without a GUI: the panel's loss chart (the same Chart.js configuration,
// src/shared/chartConfig.ts, drawn by Chart.js on the native canvas) and the CCC phase map
// (src/shared/phaseMapDraw.ts).
import type { ExperimentResult, PhaseMap } from '../engine';
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  SubTitle,
  Title,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { divergenceParts } from '../shared/divergence';
import { lossChartConfig, type ChartRun, type ChartTheme, type XY } from '../shared/chartConfig';
import { drawPhaseMap, type Context2D } from '../shared/phaseMapDraw';
import { printTheme, type PrintThemeName } from '../shared/printThemes';
import { loadCanvas } from './canvasLoader';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Legend, Title, SubTitle);

export interface FigureOptions {
  width: number;
  height: number;
  theme: PrintThemeName;
}

export function figureTheme(name: PrintThemeName): ChartTheme {
  return printTheme(name, loadCanvas().fontFamily, 14);
}

/** The chart canvas is transparent: paint the theme's background first. */
function backgroundPlugin(color: string): Plugin<'line'> {
  return {
    id: 'clipexpBackground',
    beforeDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };
}

export function chartRunsOf(result: ExperimentResult): ChartRun[] {
  return result.runs.map((run, index) => ({
    name: run.name,
    index,
    divergedAt: run.divergedAt ?? null,
    ...divergenceParts(run, result.t),
    // Unclipped under infinite noise variance: the ODE is infinite from the first step on (docs/math.md),
    // an expected value rather than a blow-up, so it gets no divergence marker.
    odeRiskInfinite: !!run.ode && Array.from(run.ode.threshold).every((c) => !Number.isFinite(c)) && !Number.isFinite(run.ode.risk[1]),
    ode: run.ode,
    sgd: run.sgd,
    hsgd: run.hsgd,
  }));
}

/** A line describing what is drawn, from the result itself. */
function chartSubtitle(result: ExperimentResult): string {
  const seeds = Math.max(0, ...result.runs.map((r) => r.sgd?.seeds ?? 0));
  const hasOde = result.runs.some((r) => r.ode);
  if (seeds > 0) return `solid: SGD median, band: 10–90% over ${seeds} seeds${hasOde ? '; dashed: ODE' : ''}`;
  return hasOde ? 'ODE (deterministic equivalent)' : '';
}

export async function lossChartPng(result: ExperimentResult, options: FigureOptions & { title?: string }): Promise<Buffer> {
  const { canvas: native } = loadCanvas();
  const theme = figureTheme(options.theme);
  const config = lossChartConfig({ t: result.t, runs: chartRunsOf(result), xScale: 'log', yScale: 'log', showHsgd: false, theme });
  const baseOptions = config.options ?? {};
  const subtitle = chartSubtitle(result);
  const headless: ChartConfiguration<'line', XY[]> = {
    ...config,
    options: {
      ...baseOptions,
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 4, right: 16, bottom: 4, left: 4 } },
      plugins: {
        ...baseOptions.plugins,
        tooltip: { enabled: false },
        title: { display: Boolean(options.title), text: options.title ?? '', color: theme.foreground, align: 'start', font: { family: theme.fontFamily, size: theme.fontSize + 2, weight: 'bold' }, padding: { top: 4, bottom: 2 } },
        subtitle: { display: subtitle !== '', text: subtitle, color: theme.muted, align: 'start', font: { family: theme.fontFamily, size: theme.fontSize - 1 }, padding: { bottom: 8 } },
      },
    },
    plugins: [backgroundPlugin(theme.background)],
  };
  const canvas = native.createCanvas(options.width, options.height);
  // Chart.js draws on any 2D context; the native one implements the subset it uses.
  const chart = new Chart(canvas.getContext('2d') as unknown as ConstructorParameters<typeof Chart>[0], headless);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

export async function phaseMapPng(map: PhaseMap, options: FigureOptions & { title?: string }): Promise<Buffer> {
  const { canvas: native } = loadCanvas();
  const theme = figureTheme(options.theme);
  const canvas = native.createCanvas(options.width, options.height);
  drawPhaseMap(canvas.getContext('2d') as unknown as Context2D, map, { width: options.width, height: options.height, theme, title: options.title });
  return canvas.encode('png');
}
