// One open panel of an experiment: its connection, its axis modes and the grid indices it was sent
// (decimation depends on the panel's x axis). Pure: no `vscode` import.
import type { ConfigProblem, PhaseMap } from '../../engine';
import type { AxisScale, ExperimentInfo, LinkView, PanelState, StatusView, SuggestionState } from '../../shared/webviewProtocol';
import { DEFAULT_PANEL_STATE } from '../../shared/webviewProtocol';
import { pointBudget, selectIndices } from './decimate';
import type { PanelConnection } from './panelConnection';
import { runSeries, type RunState } from './seriesMessages';

/** Everything a panel shows, as the session currently knows it. */
export interface SessionSnapshot {
  fileName: string;
  problems: ConfigProblem[];
  info: ExperimentInfo | null;
  grid: Float64Array | null;
  runs: readonly RunState[];
  status: StatusView;
  suggestion: SuggestionState;
  phaseMap: PhaseMap | null;
}

export class PanelView {
  state: PanelState = { ...DEFAULT_PANEL_STATE };
  private indices: Uint32Array = new Uint32Array(0);
  private grid: Float64Array | null = null;
  private runCount = 0;

  constructor(readonly connection: PanelConnection) {}

  get ready(): boolean {
    return this.connection.isReady;
  }

  /** A fresh page: send it everything. */
  sendSnapshot(snapshot: SessionSnapshot): void {
    this.sendProblems(snapshot.fileName, snapshot.problems);
    if (snapshot.info) this.sendExperiment(snapshot.info);
    if (snapshot.grid) {
      this.sendGrid(snapshot.grid, snapshot.runs.length);
      for (const run of snapshot.runs) this.sendRun(run);
    }
    this.sendStatus(snapshot.status);
    this.sendSuggestion(snapshot.suggestion);
    this.sendPhaseMap(snapshot.phaseMap);
  }

  sendProblems(fileName: string, problems: ConfigProblem[]): void {
    this.connection.post({ type: 'problems', fileName, problems });
  }

  sendExperiment(info: ExperimentInfo): void {
    this.connection.post({ type: 'experiment', info });
  }

  /** Chooses the decimated grid for this panel's x axis and sends it; runs must be re-sent after. */
  sendGrid(grid: Float64Array, runCount: number): void {
    this.grid = grid;
    this.runCount = runCount;
    // Up to 4 curves per run (median, two band edges, ODE), 6 with the C-HSGD band.
    const curves = Math.max(1, runCount) * (this.state.showHsgd ? 6 : 4);
    this.indices = selectIndices(grid, this.state.xScale, pointBudget(curves));
    const t = new Float64Array(this.indices.length);
    for (let k = 0; k < this.indices.length; k++) t[k] = grid[this.indices[k]];
    this.connection.post({ type: 'grid', t, xScale: this.state.xScale });
  }

  sendRun(run: RunState): void {
    if (!this.grid) return;
    this.connection.post({ type: 'run', series: runSeries(run, this.grid, this.indices) });
  }

  sendStatus(status: StatusView): void {
    this.connection.post({ type: 'status', ...status });
  }

  sendSuggestion(suggestion: SuggestionState): void {
    this.connection.post({ type: 'suggestion', ...suggestion });
  }

  sendPhaseMap(map: PhaseMap | null): void {
    this.connection.post({ type: 'phaseMap', map });
  }

  sendLink(link: LinkView): void {
    this.connection.post({ type: 'link', ...link });
  }

  /**
   * New axis modes from the panel (or a linked panel). Returns true when the x axis changed, i.e.
   * the grid and the runs must be re-sent decimated for the new axis.
   */
  setScales(xScale: AxisScale, yScale: AxisScale): boolean {
    const xChanged = xScale !== this.state.xScale;
    this.state = { ...this.state, xScale, yScale };
    return xChanged;
  }

  resend(runs: readonly RunState[]): void {
    if (!this.grid) return;
    this.sendGrid(this.grid, this.runCount);
    for (const run of runs) this.sendRun(run);
  }
}
