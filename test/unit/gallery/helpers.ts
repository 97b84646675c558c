// Small experiments for the gallery claims, computed in-process with the engine's kernels.
import type { Clip, ExperimentConfig, LearningRate, Noise } from '../../../src/engine/config/types';
import { makeConfig, type ConfigSpec } from '../../fixtures/configs';

export interface RunSpec { name: string; lr: LearningRate; clip?: Clip }
import { aggregateSeeds, simulateRunSeed, solveRunOde } from '../../../src/engine/run/experimentTasks';

export function experiment(opts: Omit<ConfigSpec, 'noise' | 'runs'> & { noise: Noise; runs: RunSpec[] }): ExperimentConfig {
  return makeConfig({ name: 'gallery test', horizon: 10, seeds: 6, seed: 7, points: 24, ...opts });
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
