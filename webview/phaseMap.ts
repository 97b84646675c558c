// The panel's CCC phase map (canvas#phase-map): the map the host computed (the engine's phase map, in a
// worker) drawn by the same code as `clipexp ccc` (src/shared/phaseMapDraw.ts). Hidden runs, the
// theme and the size only redraw. Data attributes for tests: data-helps ("true" / "false" / "all"),
// data-trajectories (how many runs are drawn), data-kappa (the heuristic's kappa, when known).
import type { ChartTheme } from '../src/shared/chartConfig';
import { drawPhaseMap } from '../src/shared/phaseMapDraw';
import type { Model } from './model';

export class PhaseMapView {
  private drawn: unknown = null;
  private drawnKey = '';

  constructor(private readonly canvas: HTMLCanvasElement, private readonly caption: HTMLElement) {}

  render(model: Model, theme: ChartTheme): void {
    const map = model.phaseMap;
    const figure = this.canvas.closest('figure') as HTMLElement | null;
    if (!map || model.runs.size === 0) {
      if (figure) figure.hidden = true;
      this.drawn = null;
      return;
    }
    if (figure) figure.hidden = false;
    const trajectories = map.trajectories;
    const kappa = map.heuristic?.kappa ?? null;

    const width = Math.max(160, this.canvas.parentElement?.clientWidth || 600);
    // Streaming seeds redraw the charts often; the map only changes with a new map from the host,
    // hidden runs, the theme or the size.
    const key = JSON.stringify([model.state.hidden, theme, width, window.devicePixelRatio]);
    if (map === this.drawn && key === this.drawnKey) return;
    this.drawn = map;
    this.drawnKey = key;
    const height = Math.round(Math.min(460, Math.max(280, width * 0.56)));
    const ratio = window.devicePixelRatio || 1;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawPhaseMap(ctx, map, { width, height, theme, hiddenRuns: new Set(model.state.hidden) });
    this.canvas.dataset.helps = map.infiniteVariance ? 'all' : String(map.helpsCount > 0);
    this.canvas.dataset.trajectories = String(trajectories.filter((t) => !model.state.hidden.includes(t.name)).length);
    if (kappa !== null) this.canvas.dataset.kappa = String(kappa);
    else delete this.canvas.dataset.kappa;
    this.caption.textContent = kappa === null
      ? 'CCC phase map (the heuristic\'s path appears with a suggestion)'
      : 'CCC phase map';
  }
}
