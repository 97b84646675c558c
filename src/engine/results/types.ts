// The result JSON, version 1 (docs/format.md). Inside the engine numbers are plain numbers
// (Infinity/NaN allowed); `toResultJson` in resultJson.ts writes non-finite values as null.

export interface SeedBand {
  median: number[];
  q10: number[];
  q90: number[];
}

export interface OdeResult {
  risk: number[];
  mu: number[];
  nu: number[];
  /** Raw threshold c(t) on the record grid (Infinity = no clipping). */
  threshold: number[];
  /** mu^2/nu * (2R + E eps^2): above 1 clipping at this threshold beats plain SGD at this risk. */
  ccc: number[];
}

export interface SgdResult extends SeedBand {
  mean: number[];
  seeds: number;
  diverged: number;
}

export interface RunResult {
  name: string;
  /** 'failed': a worker died or a kernel threw while computing this run (see `error`); it can be re-run. */
  status: 'ok' | 'diverged' | 'failed';
  /** Time at which the run diverged (first seed or the ODE), when status is 'diverged'. */
  divergedAt?: number;
  /** Which part diverged, and when (optional: results cached before these fields lack them). */
  odeDivergedAt?: number;
  /** Earliest time an SGD seed (or, for hsgdDivergedAt, a C-HSGD seed) overflowed. */
  sgdDivergedAt?: number;
  hsgdDivergedAt?: number;
  /** Why the run failed, when status is 'failed' (what was computed before is kept). */
  error?: string;
  ode: OdeResult | null;
  sgd: SgdResult | null;
  hsgd: SeedBand | null;
}

export interface Schedule {
  t: number[];
  threshold: number[];
}

export interface Suggestion {
  run: string;
  lr: number;
  noClip: { risk: number };
  bestConstant: { threshold: number; risk: number };
  heuristic: { param: number; risk: number } & Schedule;
  greedy: { risk: number } & Schedule;
}

export interface ExperimentResult {
  format: 'clipexp-result';
  version: 1;
  name: string;
  t: number[];
  runs: RunResult[];
  suggestion: Suggestion | null;
}
