// Small experiments for the gallery claims, computed in-process with the engine's kernels.
import type { Clip, ExperimentConfig, LearningRate, Noise, Spectrum } from '../../../src/engine/config/types';
import { aggregateSeeds, simulateRunSeed, solveRunOde } from '../../../src/engine/run/experimentTasks';

export interface RunSpec { name: string; lr: LearningRate; clip?: Clip }

export function experiment(opts: {
  noise: Noise;
  runs: RunSpec[];
  dim?: number;
  spectrum?: Spectrum;
  targetNorm?: number;
  horizon?: number;
  seeds?: number;
  points?: number;
}): ExperimentConfig {
  return {
    version: 1,
    name: 'gallery test',
    problem: {
      dim: opts.dim ?? 200,
      spectrum: opts.spectrum ?? { kind: 'identity' },
      target: { kind: 'flat', norm: opts.targetNorm ?? 1 },
      init: { kind: 'zero' },
      noise: opts.noise,
    },
    horizon: opts.horizon ?? 10,
    runs: opts.runs.map((r) => ({ name: r.name, lr: r.lr, ...(r.clip ? { clip: r.clip } : {}) })),
    seeds: opts.seeds ?? 6,
    seed: 7,
    record: { points: opts.points ?? 24, spacing: 'log' },
    ode: true,
  };
}

export function finalOde(config: ExperimentConfig, runIndex: number): number {
  return solveRunOde(config, runIndex).risk.at(-1) as number;
}

/** SGD over the config's seeds: the 10/50/90% curves. */
export function sgdBand(config: ExperimentConfig, runIndex: number) {
  const risks = Array.from({ length: config.seeds }, (_, s) => simulateRunSeed(config, runIndex, s, 'sgd').risk);
  return aggregateSeeds(risks);
}

export interface FinalBand { median: number; q10: number; q90: number; noise: number }

export function finalSgd(config: ExperimentConfig, runIndex: number): FinalBand {
  const band = sgdBand(config, runIndex);
  const median = band.median.at(-1) as number;
  const q10 = band.q10.at(-1) as number;
  const q90 = band.q90.at(-1) as number;
  return { median, q10, q90, noise: (q90 - q10) / 2 };
}
