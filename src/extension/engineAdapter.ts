// The engine as the extension uses it: parse with the user's limits, run in the shared worker pool,
// suggest in a worker, cache identities, exports. The one place that knows the engine's module
// names; no `vscode` import.
import { canonicalJson, ENGINE_VERSION, parseExperiment, recordGrid, resultToCsv as csvOfResult, runCacheKey, runExperiment, stringifyResult, WorkerPool, type ExperimentConfig, type ExperimentResult, type Limits, type ParsedExperiment } from '../engine';
import { createHash } from 'node:crypto';
import type { SessionEngine, SessionLogger } from './experimentSession';
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
