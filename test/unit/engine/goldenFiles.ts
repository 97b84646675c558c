// Locates the golden cases (../shared/golden beside the repository; CLIPEXP_GOLDEN overrides).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExperimentConfig } from '../../../src/engine/config/types';

export interface GoldenRun {
  name: string;
  ode: { risk: (number | null)[] };
  sgd?: { median: (number | null)[]; q10: (number | null)[]; q90: (number | null)[]; seeds: number };
}

export interface GoldenCase {
  file: string;
  config: ExperimentConfig;
  expected: { t: number[]; runs: GoldenRun[] };
}

export function goldenDir(): string {
  const dir = process.env.CLIPEXP_GOLDEN ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'golden');
  if (!existsSync(dir)) throw new Error(`golden cases not found at ${dir} (set CLIPEXP_GOLDEN)`);
  return dir;
}

export function loadGoldenCases(): GoldenCase[] {
  const dir = goldenDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.golden.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/** null in the golden files means an infinite value. */
export function fromJson(v: number | null): number {
  return v === null ? Infinity : v;
}
