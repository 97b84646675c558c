// Resource limits checked before a run: estimates memory and work from the config, refuses
// what exceeds the (configurable) limits with a message saying what to lower, and warns about runs
// expected to take more than a minute.
import { pow } from '../math/special';
import { availableParallelism } from 'node:os';
import type { ExperimentConfig } from './types';
import type { Limits } from './problems';
import type { JsonPath } from './jsonDocument';

export const DEFAULT_LIMITS: Limits = {
  maxDim: 100_000,
  maxSeeds: 1_000,
  maxPoints: 10_000,
  maxMemoryBytes: 1024 ** 3,
};

/** Calibration: one C-SGD coordinate-step costs about 2-6 ns on one thread; 4 ns is the middle. */
export const NS_PER_COORDINATE_STEP = 4;
/** A run expected to take longer than this (seconds) gets a warning. */
export const WARN_SECONDS = 60;
/** Rough memory of one worker thread beyond its arrays (a V8 isolate with the engine loaded). */
const WORKER_BASE_BYTES = 30 * 1024 * 1024;
/** Float64 arrays of length dim that a simulation or ODE keeps per worker (x, x*, lambda, ...). */
const ARRAYS_PER_WORKER = 12;

export interface WorkOptions {
  seeds?: number;      // overrides config.seeds
  sgd?: boolean;       // default true
  hsgd?: boolean;      // default false
  ode?: boolean;       // default config.ode
  threads?: number;    // default: available cores
  runCount?: number;   // runs actually computed (partial recomputation); default all
}

export interface RunEstimate {
  traceK: number;
  stepsPerSeed: number;
  /** Seed simulations to run (runs x seeds x kinds). */
  seedTasks: number;
  /** Total coordinate-steps of all seed simulations (the work that dominates). */
  coordinateSteps: number;
  memoryBytes: number;
  seconds: number;
  threads: number;
}

export interface LimitProblem {
  path: JsonPath;
  message: string;
  severity: 'error' | 'warning';
}

export class LimitError extends Error {
  constructor(readonly problems: LimitProblem[]) {
    super(problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; '));
    this.name = 'LimitError';
  }
}

/** tr K for the configured spectrum (the number of SGD steps per unit of time). */
export function traceOfSpectrum(config: ExperimentConfig): number {
  const { dim, spectrum } = config.problem;
  switch (spectrum.kind) {
    case 'identity': return dim;
    case 'powerLaw': {
      let sum = 0;
      for (let i = dim; i >= 1; i--) sum += pow(i, -spectrum.exponent);
      return sum;
    }
    case 'values': return spectrum.values.reduce((a, b) => a + b, 0);
  }
}

export function estimateRun(config: ExperimentConfig, options: WorkOptions = {}): RunEstimate {
  const dim = config.problem.dim;
  const seeds = options.seeds ?? config.seeds;
  const kinds = (options.sgd ?? true ? 1 : 0) + (options.hsgd ? 1 : 0);
  const runCount = options.runCount ?? config.runs.length;
  const points = config.record.points;
  const traceK = traceOfSpectrum(config);
  const stepsPerSeed = Math.ceil(config.horizon * traceK);
  const seedTasks = runCount * seeds * kinds;
  const coordinateSteps = seedTasks * stepsPerSeed * dim;
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.max(1, seedTasks)));
  // Every seed's risk curve is kept until the run is aggregated, plus aggregates and ODE curves.
  const storedCurves = runCount * (seeds * kinds + 4 * kinds + 5);
  const memoryBytes = storedCurves * points * 8 + threads * (WORKER_BASE_BYTES + ARRAYS_PER_WORKER * dim * 8);
  const seconds = (coordinateSteps * NS_PER_COORDINATE_STEP * 1e-9) / threads;
  return { traceK, stepsPerSeed, seedTasks, coordinateSteps, memoryBytes, seconds, threads };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds < 90) return `${Math.round(seconds)} seconds`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} hours`;
  if (seconds < 3 * 365 * 86400) return `${Math.round(seconds / 86400)} days`;
  return `${Math.round(seconds / (365 * 86400))} years`;
}

export interface LimitCheck {
  estimate: RunEstimate;
  problems: LimitProblem[];
}

/** Checks a config against the limits; errors are refusals, warnings are advice. Never throws. */
export function checkLimits(config: ExperimentConfig, options: WorkOptions & { limits?: Partial<Limits>; warnSeconds?: number } = {}): LimitCheck {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const estimate = estimateRun(config, options);
  const problems: LimitProblem[] = [];
  const seeds = options.seeds ?? config.seeds;
  const error = (path: JsonPath, message: string) => problems.push({ path, message, severity: 'error' });
  if (config.problem.dim > limits.maxDim) {
    error(['problem', 'dim'], `problem.dim is ${config.problem.dim}, above the limit of ${limits.maxDim}: lower problem.dim`);
  }
  if (seeds > limits.maxSeeds) {
    error(['seeds'], `seeds is ${seeds}, above the limit of ${limits.maxSeeds}: lower seeds`);
  }
  if (config.record.points > limits.maxPoints) {
    error(['record', 'points'], `record.points is ${config.record.points}, above the limit of ${limits.maxPoints}: lower record.points`);
  }
  if (estimate.memoryBytes > limits.maxMemoryBytes) {
    const biggest = [
      seeds > 1 ? `seeds (${seeds})` : '',
      config.record.points > 50 ? `record.points (${config.record.points})` : '',
      config.runs.length > 1 ? `the number of runs (${config.runs.length})` : '',
      `problem.dim (${config.problem.dim})`,
    ].filter(Boolean);
    error(seeds > 1 ? ['seeds'] : ['record', 'points'],
      `this experiment needs about ${formatBytes(estimate.memoryBytes)} of memory, above the limit of ${formatBytes(limits.maxMemoryBytes)}: lower ${biggest.join(', ')}`);
  }
  const warnSeconds = options.warnSeconds ?? WARN_SECONDS;
  if (estimate.seconds > warnSeconds) {
    problems.push({
      path: ['horizon'],
      severity: 'warning',
      message: `this experiment is expected to take about ${formatDuration(estimate.seconds)} ` +
        `(${estimate.seedTasks} seed simulations of ${estimate.stepsPerSeed.toExponential(1)} steps in dimension ${config.problem.dim}, ${estimate.threads} thread${estimate.threads === 1 ? '' : 's'}); ` +
        'lower seeds, problem.dim or horizon to make it faster',
    });
  }
  return { estimate, problems };
}
