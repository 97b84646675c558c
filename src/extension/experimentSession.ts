// One open experiment document: parses it, runs it (in worker threads, through the engine's runner),
// streams results to its panels and keeps its cache warm.
//
// - start(): the ODEs arrive first, then the seeds; unchanged runs (same fingerprint) come from the
//   cache at once, only the others are computed.
// - stop()/edits/closing the last panel abort all work of this experiment (AbortSignal -> runner ->
//   pool frees the workers).
// - The TextDocument is the source of truth; the session only reads it.
// Pure of `vscode` (the document and engine are interfaces), so node tests drive it with fakes.
import type { ConfigProblem, ExperimentConfig, ExperimentResult, ParsedExperiment, RunExperimentOptions, RunResult, Suggestion } from '../engine';
import type { AxisScale, ExperimentInfo, SuggestionView, WebviewMessage } from '../shared/webviewProtocol';
import type { PanelView, SessionSnapshot, StatusView, SuggestionState } from './panelView';
import type { ResultCache } from './resultCache';
import type { RunComputeOptions, RunIdentity } from './runIdentity';
import { experimentInfo, formatNumber } from './runSummary';
import { finishedRun, pendingRun, type RunState } from './seriesMessages';

export interface SessionDocument {
  readonly uriString: string;
  readonly fileName: string;   // base name, for titles and messages
  readonly version: number;
  getText(): string;
}

export interface SessionEngine {
  parse(text: string): ParsedExperiment;
  recordGrid(config: ExperimentConfig): Float64Array;
  run(config: ExperimentConfig, options: RunExperimentOptions): Promise<ExperimentResult>;
  suggest(config: ExperimentConfig, signal: AbortSignal): Promise<Suggestion>;
  identity(config: ExperimentConfig, runIndex: number, options: RunComputeOptions): RunIdentity;
  suggestionIdentity(config: ExperimentConfig): RunIdentity;
}

export interface SessionLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SessionServices {
  engine: SessionEngine;
  cache: ResultCache<RunResult>;
  suggestionCache: ResultCache<Suggestion>;
  log: SessionLogger;
  /** Called when `running` or the status changes (context keys, status bar, linked panels). */
  onDidChange(session: ExperimentSession): void;
}

/** How often streamed updates are flushed to the panels (coalesces per-seed events). */
const FLUSH_MS = 80;

let nextSuggestionId = 1;

export class ExperimentSession {
  readonly views = new Set<PanelView>();
  config: ExperimentConfig | null = null;
  info: ExperimentInfo | null = null;
  problems: ConfigProblem[] = [];
  grid: Float64Array | null = null;
  runs: RunState[] = [];
  status: StatusView = { text: 'Starting...', running: false, done: 0, total: 0 };
  suggestion: SuggestionState = { state: 'idle', suggestion: null, message: null };
  /** The engine's suggestion behind `suggestion.suggestion` (the panel only ever sees its id). */
  private suggestionData: { id: number; suggestion: Suggestion; config: ExperimentConfig } | null = null;
  /** Whether any panel asked for the C-HSGD band. */
  hsgd = false;
  /** Text version the shown results were computed from. */
  computedVersion = -1;

  private abort: AbortController | null = null;
  private suggestAbort: AbortController | null = null;
  private readonly dirty = new Set<number>();
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

  constructor(readonly document: SessionDocument, private readonly services: SessionServices) {}

  get running(): boolean {
    return this.abort !== null;
  }

  snapshot(): SessionSnapshot {
    return {
      fileName: this.document.fileName,
      problems: this.problems,
      info: this.info,
      grid: this.grid,
      runs: this.runs,
      status: this.status,
      suggestion: this.suggestion,
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
    if (!this.abort && !this.suggestAbort) return;
    this.services.log.info(`${this.document.fileName}: stopped (${reason})`);
    this.cancelWork();
    for (const run of this.runs) {
      if (run.status === 'running' || run.status === 'pending') {
        run.status = 'stopped';
        this.dirty.add(run.info.index);
      }
    }
    if (this.suggestion.state === 'computing') this.setSuggestion({ state: 'idle', suggestion: null, message: null });
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
    this.suggestAbort?.abort();
    this.suggestAbort = null;
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
    if (this.suggestionData && this.suggestionIdentityChanged(config)) this.clearSuggestion();

    // Unchanged runs: straight from the cache (memory, then disk); the suggestion too.
    const wantSuggestion = !this.suggestionData || this.suggestionIdentityChanged(config);
    const suggestionId = engine.suggestionIdentity(config);
    const [cached, cachedSuggestion] = await Promise.all([
      Promise.all(identities.map((id) => cache.get(id).catch(() => undefined))),
      wantSuggestion ? this.services.suggestionCache.get(suggestionId).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    if (!current()) return;
    if (cachedSuggestion) this.acceptSuggestion(cachedSuggestion, config);
    // Not cached: the runner computes it right after the ODEs, before the seeds.
    const suggestInRun = wantSuggestion && !cachedSuggestion;
    if (suggestInRun) this.setSuggestion({ state: 'computing', suggestion: null, message: null });
    const cachedRuns: (RunResult | undefined)[] = [];
    cached.forEach((run, i) => {
      if (!run) return;
      cachedRuns[i] = { ...run, name: config.runs[i].name };
      this.runs[i] = finishedRun(this.info!.runs[i], cachedRuns[i] as RunResult, true, seedsPerRun);
    });
    const todo = config.runs.map((_, i) => i).filter((i) => !cachedRuns[i]);
    for (const run of this.runs) this.dirty.add(run.info.index);
    if (todo.length > 0) log.info(`${this.document.fileName}: computing ${todo.length} of ${config.runs.length} runs (${config.runs.length - todo.length} from the cache)`);
    for (const i of todo) this.runs[i].status = 'running';
    this.updateProgressStatus();
    this.flush();
    this.services.onDidChange(this);

    if (todo.length > 0) {
      const seedsDone = new Map<string, number>(); // "run:kind" -> seeds finished
      try {
        await engine.run(config, {
          runIndices: todo,
          cached: (i) => cachedRuns[i],
          signal: controller.signal,
          hsgd: this.hsgd,
          suggest: suggestInRun,
          events: {
            onSuggestion: (suggestion, error) => {
              if (!current()) return;
              if (suggestion) {
                this.acceptSuggestion(suggestion, config);
                void this.services.suggestionCache.set(suggestionId, suggestion);
              } else {
                this.setSuggestion({ state: 'error', suggestion: null, message: error ?? 'unknown error' });
              }
            },
            onOde: (i, ode) => {
              if (!current() || !this.runs[i] || this.runs[i].fromCache) return;
              this.runs[i].ode = ode;
              const divergedAt = (ode as { divergedAt?: number } | null)?.divergedAt;
              if (divergedAt !== undefined && this.runs[i].divergedAt === null) this.runs[i].divergedAt = divergedAt;
              this.markDirty(i);
            },
            onSeeds: (i, kind, done, _total, band) => {
              if (!current() || !this.runs[i] || this.runs[i].fromCache) return;
              if (kind === 'sgd') this.runs[i].sgd = band;
              else this.runs[i].hsgd = band;
              seedsDone.set(`${i}:${kind}`, done);
              this.runs[i].seedsDone = (seedsDone.get(`${i}:sgd`) ?? 0) + (seedsDone.get(`${i}:hsgd`) ?? 0);
              this.markDirty(i);
            },
            onRunDone: (i, run) => {
              if (!current() || !this.runs[i] || this.runs[i].fromCache) return;
              this.runs[i] = finishedRun(this.runs[i].info, run, false, seedsPerRun);
              if (run.status === 'ok' || run.status === 'diverged') {
                void cache.set(identities[i], run);
              }
              this.markDirty(i);
            },
          },
        });
      } catch (error) {
        if (!current()) return; // stopped or superseded: not an error
        const message = error instanceof Error ? error.message : String(error);
        log.error(`${this.document.fileName}: the run failed: ${message}`);
        for (const run of this.runs) {
          if (run.status === 'running' || run.status === 'pending') {
            run.status = 'failed';
            run.error = message;
            this.dirty.add(run.info.index);
          }
        }
        this.abort = null;
        if (this.suggestion.state === 'computing') this.setSuggestion({ state: 'error', suggestion: null, message: 'the run failed' });
        this.setStatus({ text: `Failed: ${message}`, running: false, done: this.status.done, total: this.status.total });
        this.flush();
        this.services.onDidChange(this);
        return;
      }
    }
    if (!current()) return;
    for (const run of this.runs) {
      if (run.status === 'running' || run.status === 'pending') {
        run.status = 'failed';
        run.error = run.error ?? 'the engine returned no result for this run';
        this.dirty.add(run.info.index);
      }
    }
    this.abort = null;
    this.updateProgressStatus();
    this.setStatus({ ...this.status, text: 'Done', running: false });
    this.flush();
    this.services.onDidChange(this);
    // All runs came from the cache, or the runner's suggestion failed: compute it on its own.
    if (this.suggestion.state !== 'ready' && this.suggestion.state !== 'error') await this.computeSuggestion(false);
  }

  private markDirty(i: number): void {
    this.dirty.add(i);
    this.updateProgressStatus();
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
    if (changed.length > 0) this.services.onDidChange(this);
  }

  private updateProgressStatus(): void {
    if (!this.config || !this.running) return;
    const seeds = this.config.seeds;
    if (seeds > 0) {
      const total = this.runs.reduce((sum, run) => sum + run.seedsTotal, 0);
      const done = this.runs.reduce((sum, run) => sum + Math.min(run.seedsTotal, run.status === 'ok' || run.status === 'diverged' ? run.seedsTotal : run.seedsDone), 0);
      this.status = { text: `Running: ${done}/${total} seeds`, running: true, done, total };
    } else {
      const total = this.runs.length;
      const done = this.runs.filter((run) => run.ode !== null || run.result !== null).length;
      this.status = { text: `Running: ${done}/${total} ODEs`, running: true, done, total };
    }
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

  // ---- suggestion ---------------------------------------------------------------------------------

  private suggestionIdentityChanged(config: ExperimentConfig): boolean {
    if (!this.suggestionData) return true;
    return this.services.engine.suggestionIdentity(config).fingerprint !== this.services.engine.suggestionIdentity(this.suggestionData.config).fingerprint;
  }

  private clearSuggestion(): void {
    this.suggestionData = null;
    this.setSuggestion({ state: 'idle', suggestion: null, message: null });
  }

  private setSuggestion(state: SuggestionState): void {
    this.suggestion = state;
    this.broadcast((v) => v.sendSuggestion(state));
  }

  /** Computes (or takes from the cache) the suggested schedule for the current config. */
  async computeSuggestion(force: boolean): Promise<void> {
    const config = this.config;
    if (!config || this.disposed) return;
    if (!force && this.suggestionData && !this.suggestionIdentityChanged(config)) return;
    const { engine, suggestionCache, log } = this.services;
    const identity = engine.suggestionIdentity(config);
    this.suggestAbort?.abort();
    const controller = new AbortController();
    this.suggestAbort = controller;
    const current = () => this.suggestAbort === controller && !this.disposed;
    this.setSuggestion({ state: 'computing', suggestion: null, message: null });
    try {
      let suggestion = force ? undefined : await suggestionCache.get(identity);
      if (!suggestion) {
        suggestion = await engine.suggest(config, controller.signal);
        if (current()) void suggestionCache.set(identity, suggestion);
      }
      if (!current()) return;
      this.suggestAbort = null;
      this.acceptSuggestion(suggestion, config);
    } catch (error) {
      if (!current()) return;
      this.suggestAbort = null;
      const message = error instanceof Error ? error.message : String(error);
      log.warn(`${this.document.fileName}: no suggestion: ${message}`);
      this.setSuggestion({ state: 'error', suggestion: null, message });
    }
  }

  private acceptSuggestion(suggestion: Suggestion, config: ExperimentConfig): void {
    const id = nextSuggestionId++;
    this.suggestionData = { id, suggestion, config };
    this.setSuggestion({ state: 'ready', suggestion: suggestionView(id, suggestion, this.info?.traceK ?? 1), message: null });
  }

  /** The host's own copy of the suggestion the panel names, if it is still the current one. */
  suggestionFor(id: number): { suggestion: Suggestion; config: ExperimentConfig } | undefined {
    return this.suggestionData && this.suggestionData.id === id ? this.suggestionData : undefined;
  }

  /** The complete result of the runs computed so far (exports). */
  result(): ExperimentResult | null {
    if (!this.config || !this.grid) return null;
    const runs = this.runs.map((run): RunResult => run.result ?? {
      name: run.info.name,
      status: run.divergedAt !== null ? 'diverged' : 'ok',
      divergedAt: run.divergedAt ?? undefined,
      ode: run.ode,
      sgd: run.sgd ? { ...run.sgd, mean: (run.sgd as { mean?: number[] }).mean ?? [], seeds: run.seedsDone, diverged: 0 } : null,
      hsgd: run.hsgd,
    });
    return {
      format: 'clipexp-result',
      version: 1,
      name: this.config.name,
      t: Array.from(this.grid),
      runs,
      suggestion: this.suggestionData?.suggestion ?? null,
    };
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

export function suggestionView(id: number, s: Suggestion, traceK: number): SuggestionView {
  return {
    suggestionId: id,
    run: s.run,
    lr: s.lr,
    traceK,
    noClipRisk: s.noClip.risk,
    bestConstant: { threshold: s.bestConstant.threshold, risk: s.bestConstant.risk },
    heuristic: { param: s.heuristic.param, risk: s.heuristic.risk, t: Float64Array.from(s.heuristic.t), threshold: Float64Array.from(s.heuristic.threshold) },
    greedy: { risk: s.greedy.risk, t: Float64Array.from(s.greedy.t), threshold: Float64Array.from(s.greedy.threshold) },
  };
}

export function describeSuggestion(s: Suggestion): string {
  return `kappa = ${formatNumber(s.heuristic.param)}: final risk ${formatNumber(s.heuristic.risk)} (plain SGD ${formatNumber(s.noClip.risk)}, best constant ${formatNumber(s.bestConstant.risk)}, greedy ${formatNumber(s.greedy.risk)})`;
}
