// Shared fixtures for the extension's node tests.
import type { ExperimentConfig } from '../../../src/engine/config/types';

export function tinyConfig(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return {
    version: 1,
    name: 'tiny',
    problem: {
      dim: 40,
      spectrum: { kind: 'identity' },
      target: { kind: 'flat', norm: 1 },
      init: { kind: 'zero' },
      noise: { kind: 'studentT', dof: 1, scale: 0.5 },
    },
    horizon: 2,
    runs: [
      { name: 'SGD', lr: 0.5 },
      { name: 'clip', lr: 0.5, clip: { kind: 'constant', threshold: 3 } },
      { name: 'heuristic', lr: 0.5, clip: { kind: 'heuristic', param: 0.7 } },
    ],
    seeds: 3,
    seed: 0,
    record: { points: 20, spacing: 'log' },
    ode: true,
    ...overrides,
  };
}

/** The JSONC text of a config, with a comment, in the examples' one-run-per-line style. */
export function configText(config: ExperimentConfig): string {
  const { runs, ...rest } = config;
  const body = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  const runLines = runs.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return `${body},\n  // the runs\n  "runs": [\n${runLines}\n  ]\n}\n`;
}
