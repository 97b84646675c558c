// The suggestion of one experiment: which config it belongs to (its identity: the problem, horizon,
// grid and tuned run), the cache, computing it in a worker, and the card's state. The panel only
// ever sees the suggestion's id; "Add as run" uses the host's own copy of the numbers.
import type { ExperimentConfig, Suggestion } from '../../engine';
import type { SuggestionState } from '../../shared/webviewProtocol';
import { suggestionView } from '../panel/seriesMessages';
import type { SessionServices } from './sessionServices';

let nextSuggestionId = 1;

export class SuggestionController {
  state: SuggestionState = { state: 'idle', suggestion: null, message: null };
  private current: { id: number; suggestion: Suggestion; config: ExperimentConfig } | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly services: SessionServices,
    private readonly fileName: string,
    /** The card's state changed (broadcast it); a new suggestion also changes the phase map's path. */
    private readonly onChange: (state: SuggestionState) => void,
  ) {}

  get suggestion(): Suggestion | null {
    return this.current?.suggestion ?? null;
  }

  /** True when the shown suggestion was computed for another problem/run than `config`'s. */
  isStale(config: ExperimentConfig): boolean {
    if (!this.current) return true;
    const { engine } = this.services;
    return engine.suggestionIdentity(config).fingerprint !== engine.suggestionIdentity(this.current.config).fingerprint;
  }

  /** Forgets a suggestion that no longer fits the config. */
  dropIfStale(config: ExperimentConfig): void {
    if (this.current && this.isStale(config)) {
      this.current = null;
      this.set({ state: 'idle', suggestion: null, message: null });
    }
  }

  /** The cached suggestion for `config`, if any (undefined also when the cache cannot be read). */
  fromCache(config: ExperimentConfig): Promise<Suggestion | undefined> {
    return this.services.suggestionCache.get(this.services.engine.suggestionIdentity(config)).catch(() => undefined);
  }

  computing(): void {
    this.set({ state: 'computing', suggestion: null, message: null });
  }

  failed(message: string): void {
    this.set({ state: 'error', suggestion: null, message });
  }

  /** Stops a computation in flight (the card goes back to idle). */
  cancel(): void {
    this.abort?.abort();
    this.abort = null;
    if (this.state.state === 'computing') this.set({ state: 'idle', suggestion: null, message: null });
  }

  /** A suggestion computed elsewhere (by the runner, with the runs) or read from the cache. */
  accept(suggestion: Suggestion, config: ExperimentConfig, traceK: number, store = false): void {
    const id = nextSuggestionId++;
    this.current = { id, suggestion, config };
    if (store) void this.services.suggestionCache.set(this.services.engine.suggestionIdentity(config), suggestion);
    this.set({ state: 'ready', suggestion: suggestionView(id, suggestion, traceK), message: null });
  }

  /** Computes (or takes from the cache) the suggestion for `config`; `force` recomputes. */
  async compute(config: ExperimentConfig, traceK: number, force: boolean): Promise<void> {
    if (!force && this.current && !this.isStale(config)) return;
    const { engine, suggestionCache, log } = this.services;
    const identity = engine.suggestionIdentity(config);
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    const live = () => this.abort === controller;
    this.computing();
    try {
      let suggestion = force ? undefined : await suggestionCache.get(identity).catch(() => undefined);
      if (!suggestion) {
        suggestion = await engine.suggest(config, controller.signal);
        if (live()) void suggestionCache.set(identity, suggestion);
      }
      if (!live()) return;
      this.abort = null;
      this.accept(suggestion, config, traceK);
    } catch (error) {
      if (!live()) return;
      this.abort = null;
      const message = error instanceof Error ? error.message : String(error);
      log.warn(`${this.fileName}: no suggestion: ${message}`);
      this.failed(message);
    }
  }

  /** The host's own copy of the suggestion the panel names, if it is still the current one. */
  lookup(id: number): { suggestion: Suggestion; config: ExperimentConfig } | undefined {
    return this.current && this.current.id === id ? this.current : undefined;
  }

  private set(state: SuggestionState): void {
    this.state = state;
    this.onChange(state);
  }
}
