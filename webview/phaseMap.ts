// The panel's CCC phase map (canvas#phase-map): the same computation (src/engine/phaseMap.ts) and the
// same drawing (src/shared/phaseMapDraw.ts) as `clipexp ccc`. The grid of mu^2/nu is computed once per
// noise and axis ranges (a few thousand factor evaluations); trajectories, the heuristic's path, hidden
// runs and the theme only redraw. Data attributes for tests: data-helps ("true" / "false" / "all"),
// data-trajectories (how many runs are drawn), data-kappa (the heuristic's kappa, when known).
import { computePhaseMap, defaultRanges, heuristicPath, odeTrajectories, unclippedRisks, type PhaseMap } from '../src/engine/ode/phaseMap';
import type { ChartTheme } from '../src/shared/chartConfig';
import { drawPhaseMap } from '../src/shared/phaseMapDraw';
import type { Model } from './model';

export class PhaseMapView {
  private grid: { key: string; map: PhaseMap } | null = null;
  private drawn = '';

  constructor(private readonly canvas: HTMLCanvasElement, private readonly caption: HTMLElement) {}

  render(model: Model, theme: ChartTheme): void {
    const info = model.info;
    const figure = this.canvas.closest('figure') as HTMLElement | null;
    if (!info?.noise || model.runs.size === 0) {
      if (figure) figure.hidden = true;
      this.drawn = '';
      return;
    }
    if (figure) figure.hidden = false;
    const runs = info.runs.map((r) => {
      const series = model.runs.get(r.index);
      return { name: r.name, ode: series?.ode ?? null };
    });
    const trajectories = odeTrajectories(runs, info.traceK);
    const ranges = defaultRanges(info.noise, trajectories, unclippedRisks(runs));
    const key = JSON.stringify([info.noise, ranges]);
    if (this.grid?.key !== key) this.grid = { key, map: computePhaseMap({ noise: info.noise, ...ranges }) };
    const suggestion = model.suggestion.state === 'ready' ? model.suggestion.suggestion : null;
    const kappa = suggestion?.heuristic.param ?? null;
    const map: PhaseMap = { ...this.grid.map, trajectories, heuristic: heuristicPath(info.noise, ranges.rRange, kappa) };

    const width = Math.max(160, this.canvas.parentElement?.clientWidth || 600);
    // Streaming seeds redraw the charts often; the map only changes with the ODEs, kappa, hidden runs,
    // the theme or the size.
    const drawn = JSON.stringify([key, trajectories.map((t) => [t.name, t.R.length, t.R[t.R.length - 1], t.tau[t.tau.length - 1]]), kappa, model.state.hidden, theme, width, window.devicePixelRatio]);
    if (drawn === this.drawn) return;
    this.drawn = drawn;
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
