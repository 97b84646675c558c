// The `.clipexp.json` v1 experiment description (docs/format.md), as validated types.
// The validator (validate.ts) is the only producer of these objects; everything downstream trusts them.

export type Spectrum =
  | { kind: 'identity' }
  | { kind: 'powerLaw'; exponent: number }
  | { kind: 'values'; values: number[] };

export type VectorInit =
  | { kind: 'zero' }
  | { kind: 'flat'; norm: number }
  | { kind: 'gaussian'; norm: number };

export type Noise =
  | { kind: 'none' }
  | { kind: 'gaussian'; scale: number }
  | { kind: 'studentT'; dof: number; scale: number }
  | { kind: 'rademacher'; scale: number };

export type LearningRate = number | { kind: 'schedule'; t: number[]; lr: number[] };

export type Clip =
  | { kind: 'constant'; threshold: number }
  | { kind: 'heuristic'; param?: number }
  | { kind: 'greedy' }
  | { kind: 'schedule'; t: number[]; threshold: number[] };

export interface RunConfig {
  name: string;
  lr: LearningRate;
  clip?: Clip;
}

export interface ProblemConfig {
  dim: number;
  spectrum: Spectrum;
  target: VectorInit;
  init: VectorInit;
  noise: Noise;
}

export interface ExperimentConfig {
  $schema?: string;
  version: 1;
  name: string;
  description?: string;
  problem: ProblemConfig;
  horizon: number;
  runs: RunConfig[];
  seeds: number;
  seed: number;
  record: { points: number; spacing: 'log' | 'linear' };
  ode: boolean;
}

/** Defaults for the optional top-level fields (docs/format.md example values). */
export const DEFAULTS = {
  seeds: 8,
  seed: 0,
  record: { points: 200, spacing: 'log' as const },
  ode: true,
};
