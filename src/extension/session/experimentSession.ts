// One open experiment document: parses it, runs it (in worker threads, through the engine's runner),
// streams results to its panels and keeps its cache warm.
//
// - start(): the ODEs arrive first, then the seeds; unchanged runs (same fingerprint) come from the
//   cache at once, only the others are computed.
// - stop()/edits/closing the last panel abort all work of this experiment (AbortSignal -> runner ->
//   pool frees the workers).
// - The TextDocument is the source of truth; the session only reads it.
// The suggestion and the phase map have their own controllers; what panels receive is formatted in
// ../panel/seriesMessages.ts. Pure of `vscode` (services are interfaces), so node tests drive it.
import type { ConfigProblem, ExperimentConfig, ExperimentResult, RunResult, Suggestion } from '../../engine';
import type { AxisScale, ExperimentInfo, StatusView, SuggestionState, WebviewMessage } from '../../shared/webviewProtocol';
import type { PanelView, SessionSnapshot } from '../panel/panelView';
import { experimentInfo } from '../panel/runSummary';
import { exportedResult, finishedRun, pendingRun, progressStatus, settleUnfinished, type RunState } from '../panel/seriesMessages';
import type { RunComputeOptions } from './runIdentity';
import { PhaseMapController } from './phaseMapController';
import type { SessionDocument, SessionServices } from './sessionServices';
import { SuggestionController } from './suggestionController';

export type { SessionDocument, SessionEngine, SessionLogger, SessionServices } from './sessionServices';

/** How often streamed updates are flushed to the panels (coalesces per-seed events). */
const FLUSH_MS = 80;

export class ExperimentSession {
  readonly views = new Set<PanelView>();
  config: ExperimentConfig | null = null;
  info: ExperimentInfo | null = null;
  problems: ConfigProblem[] = [];
  grid: Float64Array | null = null;
  runs: RunState[] = [];
  status: StatusView = { text: 'Starting...', running: false, done: 0, total: 0 };
  /** Whether any panel asked for the C-HSGD band. */
  hsgd = false;
  /** Text version the shown results were computed from. */
  computedVersion = -1;

  private readonly suggestions: SuggestionController;
  private readonly phaseMaps: PhaseMapController;
  private abort: AbortController | null = null;
  private readonly dirty = new Set<number>();
  private phaseMapStale = false;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private runPromise: Promise<void> = Promise.resolve();
  /**
   * What the last start() computes or computed (text + C-HSGD), and whether it completed. A save
   * raises several triggers (VS Code's save event can fire more than once with the text editor
   * beside the panel, "Add as run" starts its own run before the save): a second start for the same
   * text would only redo the work from the cache, so automatic starts skip it.
   */
  private lastStart: { text: string; hsgd: boolean; complete: boolean } | null = null;

  constructor(readonly document: SessionDocument, private readonly services: SessionServices) {
    this.suggestions = new SuggestionController(services, document.fileName, (state) => {
      this.broadcast((v) => v.sendSuggestion(state));
      this.phaseMapStale = true; // the heuristic's path follows the suggestion's kappa
      this.scheduleFlush();
    });
    this.phaseMaps = new PhaseMapController(services, document.fileName, (map) => this.broadcast((v) => v.sendPhaseMap(map)));
  }

  get running(): boolean {
    return this.abort !== null;
  }

  get suggestion(): SuggestionState {
    return this.suggestions.state;
  }

  snapshot(): SessionSnapshot {
    return {
      fileName: this.document.fileName,
      problems: this.problems,
      info: this.info,
      grid: this.grid,
      runs: this.runs,
      status: this.status,
      suggestion: this.suggestions.state,
      phaseMap: this.phaseMaps.map,
    };
  }

  // ---- panels -------------------------------------------------------------------------------------

  attach(view: PanelView): void {
    this.views.add(view);
  }

  /** Returns true when this was the last panel (the caller then disposes the session). */
  detach(view: PanelView): boolean {
    this.views.delete(view);
    if (this.views.size === 0) {
      this.stop('the panel was closed');
      return true;
    }
    return false;
  }

  private broadcast(send: (view: PanelView) => void): void {
    for (const view of this.views) if (view.ready) send(view);
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  /**
   * Parses the document and (re)computes what changed. Resolves when the computation ends.
   * A start for the text that is being computed joins that computation; with `ifStale` (saves,
   * opening, typing, "Add as run") a start for the text already computed does nothing either.
   * Run/Run command start without `ifStale`: the user asked, the unchanged runs come from the cache.
   */
  start(reason: string, options: { ifStale?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const text = this.document.getText();
    const last = this.lastStart;
    if (last && last.text === text && last.hsgd === this.hsgd && (this.running || (options.ifStale && last.complete))) {
      this.services.log.info(`${this.document.fileName}: ${reason}: already ${this.running ? 'computing' : 'computed'} this text`);
      if (!this.running) {
        // e.g. edited then undone back to the computed text, then saved: the results are current.
        this.computedVersion = this.document.version;
        if (this.status.text.startsWith('Edited')) this.setStatus({ ...this.status, text: 'Done' });
      }
      return this.runPromise;
    }
    this.cancelWork();
    this.services.log.info(`${this.document.fileName}: run (${reason})`);
    const started = { text, hsgd: this.hsgd, complete: false };
    this.lastStart = started;
    this.runPromise = this.compute().then(() => {
      // Complete only when every run ended (not stopped, failed or superseded).
      if (this.lastStart === started && !this.running && this.runs.every((r) => r.status === 'ok' || r.status === 'diverged')) started.complete = true;
    });
    return this.runPromise;
  }

  /** Stops all work of this experiment (Stop, closing, editing). Partial results stay on screen. */
  stop(reason: string): void {
    if (!this.abort && this.suggestions.state.state !== 'computing') return;
    this.services.log.info(`${this.document.fileName}: stopped (${reason})`);
    this.cancelWork();
    for (const i of settleUnfinished(this.runs, 'stopped')) this.dirty.add(i);
    this.setStatus({ ...this.status, text: `Stopped (${reason})`, running: false });
    this.flush();
  }

  /**
   * The text changed (typing, undo, "Add as run"): running work is for a config that no longer
   * exists, so it stops; the problems are refreshed at once so the panel says what is wrong.
   */
  documentChanged(): void {
    if (this.disposed) return;
    if (this.running) this.stop('the file was edited');
    const parsed = this.services.engine.parse(this.document.getText());
    this.problems = parsed.problems;
    this.broadcast((v) => v.sendProblems(this.document.fileName, this.problems));
    if (parsed.config && this.document.version !== this.computedVersion) {
      this.setStatus({ ...this.status, text: 'Edited: save or Run to update', running: false });
    }
    this.services.onDidChange(this); // the clipexp.hasErrors context key follows the problems
  }

  dispose(): void {
    this.cancelWork();
    this.phaseMaps.cancel();
    this.disposed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.views.clear();
  }

  /** Resolves when the current computation (if any) has ended. */
  whenIdle(): Promise<void> {
    return this.runPromise;
  }

  private cancelWork(): void {
    if (this.abort) this.lastStart = null; // the computation in flight will not complete
    this.abort?.abort();
    this.abort = null;
    this.suggestions.cancel();
  }

  private async compute(): Promise<void> {
    const { engine, cache, log } = this.services;
    const version = this.document.version;
    const parsed = engine.parse(this.document.getText());
    this.problems = parsed.problems;
    this.broadcast((v) => v.sendProblems(this.document.fileName, this.problems));
    const config = parsed.config;
    if (!config) {
      const first = parsed.problems.find((p) => p.severity === 'error');
      this.setStatus({ text: first ? `Error at line ${first.line}: fix the file to run` : 'Error', running: false, done: 0, total: 0 });
      this.services.onDidChange(this);
      return;
    }

    const controller = new AbortController();
    this.abort = controller;
    const current = () => this.abort === controller && !this.disposed;
    const options: RunComputeOptions = { hsgd: this.hsgd };
    const seedsPerRun = config.seeds * (this.hsgd ? 2 : 1);

    this.config = config;
    this.computedVersion = version;
    this.info = experimentInfo(config, this.document.uriString, this.document.fileName);
    this.grid = engine.recordGrid(config);
    const identities = config.runs.map((_, i) => engine.identity(config, i, options));
    this.runs = this.info.runs.map((info) => pendingRun(info, seedsPerRun));
    this.dirty.clear();
    const grid = this.grid;
    const info = this.info;
    this.broadcast((v) => {
      v.sendExperiment(info);
      v.sendGrid(grid, this.runs.length);
    });
    this.suggestions.dropIfStale(config);

    // Unchanged runs: straight from the cache (memory, then disk); the suggestion too.
    const wantSuggestion = this.suggestions.isStale(config);
    const [cached, cachedSuggestion] = await Promise.all([
      Promise.all(identities.map((id) => cache.get(id).catch(() => undefined))),
      wantSuggestion ? this.suggestions.fromCache(config) : Promise.resolve(undefined),
    ]);
    if (!current()) return;
    if (cachedSuggestion) this.suggestions.accept(cachedSuggestion, config, info.traceK);
    // Not cached: the runner computes it right after the ODEs, before the seeds.
    const suggestInRun = wantSuggestion && !cachedSuggestion;
    if (suggestInRun) this.suggestions.computing();
    const cachedRuns: (RunResult | undefined)[] = [];
    cached.forEach((run, i) => {
      if (!run) return;
      cachedRuns[i] = { ...run, name: config.runs[i].name };
      this.runs[i] = finishedRun(info.runs[i], cachedRuns[i] as RunResult, true, seedsPerRun);
    });
    const todo = config.runs.map((_, i) => i).filter((i) => !cachedRuns[i]);
    for (const run of this.runs) this.dirty.add(run.info.index);
    this.phaseMapStale = true;
    if (todo.length > 0) log.info(`${this.document.fileName}: computing ${todo.length} of ${config.runs.length} runs (${config.runs.length - todo.length} from the cache)`);
    for (const i of todo) this.runs[i].status = 'running';
    this.updateProgressStatus();
    this.flush();
    this.services.onDidChange(this);

    if (todo.length > 0) {
      try {
        await this.computeRuns(config, todo, cachedRuns, identities, suggestInRun, seedsPerRun, controller.signal, current);
      } catch (error) {
        if (!current()) return; // stopped or superseded: not an error
        const message = error instanceof Error ? error.message : String(error);
        log.error(`${this.document.fileName}: the run failed: ${message}`);
        for (const i of settleUnfinished(this.runs, 'failed', message)) this.dirty.add(i);
        this.abort = null;
        if (this.suggestions.state.state === 'computing') this.suggestions.failed('the run failed');
        this.setStatus({ text: `Failed: ${message}`, running: false, done: this.status.done, total: this.status.total });
        this.flush();
        this.services.onDidChange(this);
        return;
      }
    }
    if (!current()) return;
    for (const i of settleUnfinished(this.runs, 'failed', 'the engine returned no result for this run')) this.dirty.add(i);
    this.abort = null;
    this.updateProgressStatus();
    this.setStatus({ ...this.status, text: 'Done', running: false });
    this.flush();
    this.services.onDidChange(this);
    // All runs came from the cache, or the runner's suggestion failed: compute it on its own.
    const state = this.suggestions.state.state;
    if (state !== 'ready' && state !== 'error') await this.computeSuggestion(false);
  }

  /** The runner's streamed events, folded into the run states. */
  private computeRuns(
    config: ExperimentConfig,
    todo: number[],
    cachedRuns: (RunResult | undefined)[],
    identities: ReturnType<SessionServices['engine']['identity']>[],
    suggest: boolean,
    seedsPerRun: number,
    signal: AbortSignal,
    current: () => boolean,
  ): Promise<ExperimentResult> {
    const seedsDone = new Map<string, number>(); // "run:kind" -> seeds finished
    const live = (i: number) => current() && this.runs[i] !== undefined && !this.runs[i].fromCache;
    return this.services.engine.run(config, {
      runIndices: todo,
      cached: (i) => cachedRuns[i],
      signal,
      hsgd: this.hsgd,
      suggest,
      events: {
        onSuggestion: (suggestion, error) => {
          if (!current()) return;
          if (suggestion) this.suggestions.accept(suggestion, config, this.info?.traceK ?? 1, true);
          else this.suggestions.failed(error ?? 'unknown error');
        },
        onOde: (i, ode) => {
          if (!live(i)) return;
          this.runs[i].ode = ode;
          this.phaseMapStale = true;
          this.markDirty(i);
        },
        onSeeds: (i, kind, done, _total, band) => {
          if (!live(i)) return;
          if (kind === 'sgd') this.runs[i].sgd = band;
          else this.runs[i].hsgd = band;
          seedsDone.set(`${i}:${kind}`, done);
          this.runs[i].seedsDone = (seedsDone.get(`${i}:sgd`) ?? 0) + (seedsDone.get(`${i}:hsgd`) ?? 0);
          this.markDirty(i);
        },
        onRunDone: (i, run) => {
          if (!live(i)) return;
          this.runs[i] = finishedRun(this.runs[i].info, run, false, seedsPerRun);
          if (run.status === 'ok' || run.status === 'diverged') void this.services.cache.set(identities[i], run);
          this.phaseMapStale = true;
          this.markDirty(i);
        },
      },
    });
  }

  private markDirty(i: number): void {
    this.dirty.add(i);
    this.updateProgressStatus();
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Sends the runs that changed since the last flush (streamed events arrive per seed). */
  flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    const changed = [...this.dirty].filter((i) => this.runs[i]).map((i) => this.runs[i]);
    this.dirty.clear();
    this.broadcast((v) => {
      for (const run of changed) v.sendRun(run);
      v.sendStatus(this.status);
    });
    if (this.phaseMapStale && this.config && !this.disposed) {
      this.phaseMapStale = false;
      const curves = this.runs.map((run) => ({ name: run.info.name, ode: run.ode }));
      this.phaseMaps.update(this.config, curves, this.suggestions.suggestion?.heuristic.param ?? null);
    }
    if (changed.length > 0) this.services.onDidChange(this);
  }

  private updateProgressStatus(): void {
    if (this.config && this.running) this.status = progressStatus(this.runs, this.config.seeds);
  }

  private setStatus(status: StatusView): void {
    this.status = status;
    this.broadcast((v) => v.sendStatus(status));
  }

  // ---- scales, C-HSGD -----------------------------------------------------------------------------

  /** A panel changed its axes; re-decimate for it when the x axis changed. */
  setScales(view: PanelView, xScale: AxisScale, yScale: AxisScale): void {
    if (view.setScales(xScale, yScale) && view.ready) view.resend(this.runs);
  }

  /** The C-HSGD band was switched on (or off) in a panel; computing it needs a rerun. */
  setHsgd(enabled: boolean): void {
    const wanted = enabled || [...this.views].some((v) => v.state.showHsgd);
    if (wanted === this.hsgd) return;
    this.hsgd = wanted;
    if (wanted) void this.start('C-HSGD band requested');
  }

  // ---- suggestion and exports ---------------------------------------------------------------------

  /** Computes (or takes from the cache) the suggested schedule for the current config. */
  async computeSuggestion(force: boolean): Promise<void> {
    if (!this.config || this.disposed) return;
    await this.suggestions.compute(this.config, this.info?.traceK ?? 1, force);
  }

  /** The host's own copy of the suggestion the panel names, if it is still the current one. */
  suggestionFor(id: number): { suggestion: Suggestion; config: ExperimentConfig } | undefined {
    return this.suggestions.lookup(id);
  }

  /** The complete result of the runs computed so far (exports). */
  result(): ExperimentResult | null {
    if (!this.config || !this.grid) return null;
    return exportedResult(this.config, this.grid, this.runs, this.suggestions.suggestion);
  }

  /** Messages a panel sends that concern the experiment (the editor handles the document ones). */
  handle(view: PanelView, message: WebviewMessage): void {
    switch (message.type) {
      case 'setScales':
        this.setScales(view, message.xScale, message.yScale);
        break;
      case 'setHsgd':
        view.state = { ...view.state, showHsgd: message.enabled };
        this.setHsgd(message.enabled);
        break;
      case 'suggest':
        void this.computeSuggestion(true);
        break;
      default:
        break;
    }
  }
}
