// Shared helpers for the config tests: a valid base experiment, and 1-based positions in a text.
import type { ConfigProblem } from '../../../src/engine/config/problems';
import { parseExperiment } from '../../../src/engine/config/validate';

export function baseExperiment(): any {
  return {
    version: 1,
    name: 'test',
    problem: {
      dim: 4,
      spectrum: { kind: 'identity' },
      target: { kind: 'flat', norm: 1 },
      init: { kind: 'zero' },
      noise: { kind: 'studentT', dof: 3, scale: 0.5 },
    },
    horizon: 2,
    runs: [
      { name: 'SGD', lr: 0.5 },
      { name: 'clip', lr: 0.5, clip: { kind: 'constant', threshold: 2 } },
    ],
    seeds: 2,
    seed: 0,
    record: { points: 5, spacing: 'log' },
    ode: true,
  };
}

/** 1-based line and column of `needle` (the `nth` occurrence) plus `shift` characters. */
export function positionOf(text: string, needle: string, shift = 0, nth = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${needle} not found`);
  }
  offset += shift;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export function errorsOf(text: string): ConfigProblem[] {
  return parseExperiment(text).problems.filter((p) => p.severity === 'error');
}

export function describeProblems(problems: ConfigProblem[]): string {
  return problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`).join('\n');
}
