// The panel's Chart.js charts: the main loss chart (window.clipexpChart) and the small plots.
// Only the Chart.js parts we use are registered (tree-shaken bundle).
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import {
  cccChartConfig,
  factorsChartConfig,
  lossChartConfig,
  suggestionChartConfig,
  thresholdChartConfig,
  type ChartTheme,
  type XY,
} from '../src/shared/chartConfig';
import type { SuggestionView } from '../src/shared/webviewProtocol';
import { chartRuns, type Model } from './model';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Tooltip, Legend);

declare global {
  interface Window {
    clipexpChart?: Chart<'line', XY[]>;
  }
}

type LineConfig = ChartConfiguration<'line', XY[]>;

/** Creates the chart on first use, then swaps data and options in place (no re-creation per update). */
class ManagedChart {
  chart: Chart<'line', XY[]> | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  show(config: LineConfig): Chart<'line', XY[]> {
    if (!this.chart) {
      this.chart = new Chart(this.canvas, config);
    } else {
      this.chart.data = config.data;
      this.chart.options = config.options ?? {};
      this.chart.update('none');
    }
    return this.chart;
  }
}

export class Charts {
  private readonly loss: ManagedChart;
  private readonly threshold: ManagedChart;
  private readonly factors: ManagedChart;
  private readonly ccc: ManagedChart;
  private readonly suggestion: ManagedChart;
  /** Legend clicks hide/show a run like the run picker. */
  onToggleRun: (name: string) => void = () => {};

  constructor(canvases: { loss: HTMLCanvasElement; threshold: HTMLCanvasElement; factors: HTMLCanvasElement; ccc: HTMLCanvasElement; suggestion: HTMLCanvasElement }) {
    this.loss = new ManagedChart(canvases.loss);
    this.threshold = new ManagedChart(canvases.threshold);
    this.factors = new ManagedChart(canvases.factors);
    this.ccc = new ManagedChart(canvases.ccc);
    this.suggestion = new ManagedChart(canvases.suggestion);
  }

  render(model: Model, theme: ChartTheme): void {
    const t = model.t ?? new Float64Array(0);
    const runs = chartRuns(model);
    const { xScale, yScale, showHsgd } = model.state;
    const config = lossChartConfig({ t, runs, xScale, yScale, showHsgd, theme, xRange: model.link?.x ?? null, yRange: model.link?.y ?? null });
    const legend = config.options?.plugins?.legend;
    if (legend) {
      legend.onClick = (_event, item, legendObject) => {
        const dataset = legendObject.chart.data.datasets[item.datasetIndex ?? -1] as { runName?: string } | undefined;
        if (dataset?.runName) this.onToggleRun(dataset.runName);
      };
    }
    window.clipexpChart = this.loss.show(config);
    const visible = runs.filter((r) => !r.hidden);
    const small = { t, runs: visible, xScale, theme };
    this.threshold.show(thresholdChartConfig(small));
    this.factors.show(factorsChartConfig(small));
    this.ccc.show(cccChartConfig(small));
  }

  renderSuggestion(suggestion: SuggestionView, xScale: 'log' | 'linear', theme: ChartTheme): void {
    this.suggestion.show(suggestionChartConfig({
      heuristic: suggestion.heuristic,
      greedy: suggestion.greedy,
      bestConstant: suggestion.bestConstant.threshold,
      xScale,
      theme,
    }));
  }

  /** The main chart as PNG on the theme's background (the canvas itself is transparent). */
  lossPng(theme: ChartTheme): string {
    const chart = this.loss.chart;
    if (!chart) throw new Error('there is no chart yet');
    const source = chart.canvas;
    const canvas = document.createElement('canvas');
    canvas.width = source.width;
    canvas.height = source.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.fillStyle = theme.background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(source, 0, 0);
    return canvas.toDataURL('image/png');
  }
}
