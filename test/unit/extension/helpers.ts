// Shared fixtures for the extension's node tests.
import type { ExperimentConfig } from '../../../src/engine/config/types';
import { makeConfig } from '../../fixtures/configs';

export function tinyConfig(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  const base = makeConfig({
    name: 'tiny', dim: 40, noise: { kind: 'studentT', dof: 1, scale: 0.5 }, horizon: 2, seeds: 3, points: 20,
    runs: [
      { name: 'SGD', lr: 0.5 },
      { name: 'clip', lr: 0.5, clip: { kind: 'constant', threshold: 3 } },
      { name: 'heuristic', lr: 0.5, clip: { kind: 'heuristic', param: 0.7 } },
    ],
  });
  return { ...base, ...overrides };
}

/** The JSONC text of a config, with a comment, in the examples' one-run-per-line style. */
export function configText(config: ExperimentConfig): string {
  const { runs, ...rest } = config;
  const body = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  const runLines = runs.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return `${body},\n  // the runs\n  "runs": [\n${runLines}\n  ]\n}\n`;
}
