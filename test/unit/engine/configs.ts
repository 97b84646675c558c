// Small config builders for the engine tests.
import type { Clip, ExperimentConfig, LearningRate, Noise, Spectrum } from '../../../src/engine/config/types';

export function makeConfig(opts: {
  dim?: number;
  spectrum?: Spectrum;
  noise?: Noise;
  horizon?: number;
  runs?: { name?: string; lr: LearningRate; clip?: Clip }[];
  seeds?: number;
  seed?: number;
  points?: number;
  spacing?: 'log' | 'linear';
  targetNorm?: number;
}): ExperimentConfig {
  return {
    version: 1,
    name: 'test',
    problem: {
      dim: opts.dim ?? 200,
      spectrum: opts.spectrum ?? { kind: 'identity' },
      target: { kind: 'flat', norm: opts.targetNorm ?? 1 },
      init: { kind: 'zero' },
      noise: opts.noise ?? { kind: 'none' },
    },
    horizon: opts.horizon ?? 5,
    runs: (opts.runs ?? [{ lr: 0.5 }]).map((r, i) => ({ name: r.name ?? `run ${i}`, lr: r.lr, ...(r.clip ? { clip: r.clip } : {}) })),
    seeds: opts.seeds ?? 4,
    seed: opts.seed ?? 0,
    record: { points: opts.points ?? 30, spacing: opts.spacing ?? 'log' },
    ode: true,
  };
}
