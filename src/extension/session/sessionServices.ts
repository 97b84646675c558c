// What an experiment session needs from the outside, as interfaces (the extension wires the real
// ones in extension.ts; node tests pass fakes or the real engine adapter): the document, the engine,
// the result caches, a logger and a change callback. No `vscode` import.
import type { ExperimentConfig, ExperimentResult, ParsedExperiment, PhaseMap, RunExperimentOptions, RunResult, Suggestion } from '../../engine';
import type { ResultCache } from './resultCache';
import type { ExperimentSession } from './experimentSession';
import type { RunComputeOptions, RunIdentity } from './runIdentity';

export interface SessionDocument {
  readonly uriString: string;
  readonly fileName: string;   // base name, for titles and messages
  readonly version: number;
  getText(): string;
}

/** The runs' ODE curves a phase map draws (one entry per run of the config, in order). */
export type OdeCurves = ReadonlyArray<{ name: string; ode: { risk: ArrayLike<number>; threshold: ArrayLike<number> } | null }>;

export interface SessionEngine {
  parse(text: string): ParsedExperiment;
  recordGrid(config: ExperimentConfig): Float64Array;
  run(config: ExperimentConfig, options: RunExperimentOptions): Promise<ExperimentResult>;
  suggest(config: ExperimentConfig, signal: AbortSignal): Promise<Suggestion>;
  /** The CCC phase map around the runs' ODE trajectories, with the heuristic's path for kappa. */
  phaseMap(config: ExperimentConfig, runs: OdeCurves, kappa: number | null, signal: AbortSignal): Promise<PhaseMap>;
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
