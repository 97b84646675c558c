// Cache keys (the cache never serves results of a different config): sha256 of a canonical
// JSON (sorted keys) of everything that affects the numbers, plus the engine version.
import { createHash } from 'node:crypto';
import type { ExperimentConfig } from '../config/types';
import { ENGINE_VERSION } from './engineVersion';

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * What a run's key is made of: the problem, that run, the grid and simulation settings, the run's index
 * (its random streams depend on it) and the engine version. Other runs, the experiment's name and its
 * description do not enter: editing one run leaves the others' keys unchanged.
 */
export function runCacheMaterial(config: ExperimentConfig, runIndex: number): string {
  return canonicalJson({
    kind: 'clipexp-run',
    engine: ENGINE_VERSION,
    problem: config.problem,
    run: config.runs[runIndex],
    runIndex,
    horizon: config.horizon,
    record: config.record,
    seeds: config.seeds,
    seed: config.seed,
    ode: config.ode,
  });
}

/** Key of one run's results (sha256 hex of runCacheMaterial). */
export function runCacheKey(config: ExperimentConfig, runIndex: number): string {
  return sha256(runCacheMaterial(config, runIndex));
}

/** What an experiment's key is made of: everything but $schema and description, and the engine version. */
export function experimentCacheMaterial(config: ExperimentConfig): string {
  const { $schema: _schema, description: _description, ...numbers } = config;
  return canonicalJson({ kind: 'clipexp-experiment', engine: ENGINE_VERSION, config: numbers });
}

/** Key of a whole experiment's results (sha256 hex). */
export function experimentCacheKey(config: ExperimentConfig): string {
  return sha256(experimentCacheMaterial(config));
}
