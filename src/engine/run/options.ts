// The options and streamed events of runExperiment (runner.ts).
import type { Limits } from '../config/problems';
import type { OdeResult, RunResult, SeedBand, SgdResult, Suggestion } from '../results/types';
import type { WorkerPool } from './pool';

export interface RunProgress {
  fraction: number;      // 0..1 over the whole experiment
  message: string;       // e.g. "clip c=3: seed 5/8"
}

export interface RunnerEvents {
  /** The ODE of run i is solved (first, within a fraction of a second for the examples). */
  onOde?(runIndex: number, ode: OdeResult | null): void;
  /** One more seed of run i finished: the aggregate over the seeds done so far. */
  onSeeds?(runIndex: number, kind: 'sgd' | 'hsgd', done: number, total: number, band: SgdResult | SeedBand): void;
  /** Run i is complete (or came from the cache). */
  onRunDone?(runIndex: number, run: RunResult): void;
  onProgress?(progress: RunProgress): void;
  /** Advice before or during the run (e.g. "expected to take about 5 minutes"); never fatal. */
  onWarning?(message: string): void;
  /** The suggestion is ready (or failed, with the reason), when `suggest` was asked for. */
  onSuggestion?(suggestion: Suggestion | null, error?: string): void;
}

export interface RunExperimentOptions {
  pool?: WorkerPool;              // shared pool; without it a private pool is made and closed
  threads?: number;               // pool size when the runner makes its own
  seeds?: number;                 // overrides config.seeds
  sgd?: boolean;                  // default true (config.seeds > 0)
  ode?: boolean;                  // default config.ode
  hsgd?: boolean;                 // default false (the panel asks for it on demand)
  suggest?: boolean;              // compute result.suggestion; default false
  suggestRun?: string;            // run name for the suggestion
  runIndices?: number[];          // compute only these runs (others come from `cached`)
  cached?: (runIndex: number) => RunResult | undefined;
  signal?: AbortSignal;           // abort: all work for this experiment stops and workers are freed
  events?: RunnerEvents;
  limits?: Partial<Limits>;       // resource limits (limits.ts DEFAULT_LIMITS); refusals reject with a LimitError
  workerScript?: string;          // dist/worker.js, when the runner makes its own pool (default: next to the bundle)
}
