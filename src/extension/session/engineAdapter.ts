// The host's adapter to the engine: parse with the user's limits, run in the shared worker pool,
// suggest and compute phase maps in a worker, cache identities, exports. It implements the
// sessions' SessionEngine; other host files import engine types and pure helpers directly from
// src/engine (its index.ts). No `vscode` import.
import { canonicalJson, defaultRanges, ENGINE_VERSION, heuristicPath, odeTrajectories, parseExperiment, recordGrid, resultToCsv as csvOfResult, runCacheKey, runExperiment, stringifyResult, traceOfSpectrum, unclippedRisks, WorkerPool, type ExperimentConfig, type ExperimentResult, type Limits, type ParsedExperiment, type PhaseMap } from '../../engine';
import { createHash } from 'node:crypto';
import type { OdeCurves, SessionEngine, SessionLogger } from './sessionServices';
import { runIdentity, safeKey, type RunIdentity } from './runIdentity';

export { ENGINE_VERSION };

/** The cache key of run i: the engine's key (every parameter + engine version), per C-HSGD option. */
export function cacheKey(config: ExperimentConfig, runIndex: number, options: { hsgd: boolean }): string {
  return `${runCacheKey(config, runIndex)}${options.hsgd ? '-hsgd' : ''}`;
}

/**
 * The suggestion depends on the problem, the horizon, the record grid and the run it tunes (the
 * first run with a constant learning rate, as suggestSchedule picks it), not on the other runs: adding
 * the suggested run to the file leaves it unchanged.
 */
export function suggestionIdentity(config: ExperimentConfig): RunIdentity {
  const run = config.runs.find((r) => typeof r.lr === 'number') ?? null;
  // The seed matters only through a gaussian target/init.
  const seedMatters = config.problem.target.kind === 'gaussian' || config.problem.init.kind === 'gaussian';
  const fingerprint = canonicalJson({
    kind: 'clipexp-suggestion',
    engine: ENGINE_VERSION,
    problem: config.problem,
    horizon: config.horizon,
    record: config.record,
    seed: seedMatters ? config.seed : null,
    run,
  });
  return { key: safeKey(`s${createHash('sha256').update(fingerprint).digest('hex')}`), fingerprint };
}

export function parseWithLimits(text: string, limits: Limits): ParsedExperiment {
  return parseExperiment(text, { limits });
}

export interface EngineHostOptions {
  workerScript: string;
  threads(): number;           // 0 = automatic
  limits(): Limits;
  log: SessionLogger;
}

/** Owns the shared worker pool (made on first use, remade when the thread setting changes). */
export class EngineHost implements SessionEngine {
  private pool: WorkerPool | null = null;
  private poolSize = 0;
  /** The last phase-map grids (noise and axes -> map): trajectories and kappa change far more often. */
  private readonly phaseMapGrids = new Map<string, Promise<PhaseMap>>();

  constructor(private readonly options: EngineHostOptions) {}

  private workers(): WorkerPool {
    const wanted = this.options.threads();
    // A new thread count applies once the pool is idle (closing a busy pool would cancel work).
    if (this.pool && this.poolSize !== wanted && this.pool.busyCount === 0 && this.pool.queuedCount === 0) void this.closePool();
    if (!this.pool) {
      this.poolSize = wanted;
      this.pool = new WorkerPool(this.options.workerScript, wanted > 0 ? { size: wanted, idleTimeoutMs: 60_000 } : { idleTimeoutMs: 60_000 });
      this.options.log.info(`worker pool: ${this.pool.size} threads`);
    }
    return this.pool;
  }

  parse(text: string): ParsedExperiment {
    return parseWithLimits(text, this.options.limits());
  }

  recordGrid(config: ExperimentConfig): Float64Array {
    return recordGrid(config);
  }

  run(config: ExperimentConfig, options: Parameters<SessionEngine['run']>[1]): Promise<ExperimentResult> {
    return runExperiment(config, { ...options, pool: this.workers(), limits: this.options.limits(), events: {
      ...options.events,
      onWarning: (message) => this.options.log.warn(`${config.name}: ${message}`),
    } });
  }

  suggest(config: ExperimentConfig, signal: AbortSignal) {
    return this.workers().run({ kind: 'suggest', config }, { signal });
  }

  async phaseMap(config: ExperimentConfig, runs: OdeCurves, kappa: number | null, signal: AbortSignal): Promise<PhaseMap> {
    const traceK = traceOfSpectrum(config);
    const trajectories = odeTrajectories(runs, traceK);
    const ranges = defaultRanges(config.problem.noise, trajectories, unclippedRisks(runs));
    const key = canonicalJson([config.problem, ranges]);
    let grid = this.phaseMapGrids.get(key);
    if (!grid) {
      // Not cancelled with the caller: a grid is small, and other panels may wait for the same one.
      grid = this.workers().run({ kind: 'phaseMap', config, rRange: ranges.rRange, tauRange: ranges.tauRange });
      this.phaseMapGrids.set(key, grid);
      grid.catch(() => this.phaseMapGrids.delete(key));
      while (this.phaseMapGrids.size > 8) this.phaseMapGrids.delete(this.phaseMapGrids.keys().next().value as string);
    }
    const map = await grid;
    if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    return { ...map, trajectories, heuristic: heuristicPath(config.problem.noise, ranges.rRange, kappa) };
  }

  identity(config: ExperimentConfig, runIndex: number, options: { hsgd: boolean }): RunIdentity {
    return runIdentity(config, runIndex, options, ENGINE_VERSION, cacheKey);
  }

  suggestionIdentity(config: ExperimentConfig): RunIdentity {
    return suggestionIdentity(config);
  }

  async closePool(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
}

export function resultToJsonText(result: ExperimentResult): string {
  return `${stringifyResult(result, 2)}\n`;
}

export function resultToCsv(result: ExperimentResult): string {
  return csvOfResult(result);
}
