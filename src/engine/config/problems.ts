// What validation reports about a config file (validate.ts produces it) and the resource limits
// it is checked against (limits.ts).
import type { ExperimentConfig } from './types';

/** One problem in a config file. Lines and columns are 1-based; offset/length are in UTF-16 units. */
export interface ConfigProblem {
  path: string;          // JSON path, e.g. "problem.noise.dof" or "runs[2].clip.threshold"
  message: string;       // plain language, e.g. "must be > 0"
  severity: 'error' | 'warning';
  line: number;
  column: number;
  offset: number;
  length: number;
}

export interface ParsedExperiment {
  config?: ExperimentConfig;   // present only when there is no error
  problems: ConfigProblem[];   // errors and warnings, in document order
}

/** Resource limits checked before a run; all configurable. */
export interface Limits {
  maxDim: number;        // 100_000
  maxSeeds: number;      // 1_000
  maxPoints: number;     // 10_000
  maxMemoryBytes: number; // about 1 GB
}
