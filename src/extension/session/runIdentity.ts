// What makes a run's numbers what they are: the cache may only serve a stored run when ALL of it is
// equal. The fingerprint is a canonical text of every input of run i (not its display name), and
// the engine version; it is stored with each cache entry and compared on every read, so a hash
// collision or a key that forgot a parameter can never serve the results of a different config.
import { canonicalJson, type ExperimentConfig } from '../../engine';
import { createHash } from 'node:crypto';

export interface RunComputeOptions {
  hsgd: boolean;
}

export interface RunIdentity {
  key: string;          // file-name-safe cache key
  fingerprint: string;  // canonical text of every input
}

/**
 * Every input of run `runIndex`. The run index is part of it because each (seed, run, seed index)
 * has its own random stream: the same run at another position gives other (equally valid) numbers.
 */
export function runFingerprint(config: ExperimentConfig, runIndex: number, options: RunComputeOptions, engineVersion: string): string {
  const run = config.runs[runIndex];
  return canonicalJson({
    engineVersion,
    problem: config.problem,
    horizon: config.horizon,
    seeds: config.seeds,
    seed: config.seed,
    record: config.record,
    ode: config.ode,
    runIndex,
    lr: run.lr,
    clip: run.clip ?? null,
    hsgd: options.hsgd,
  });
}

export type CacheKeyFunction = (config: ExperimentConfig, runIndex: number, options: RunComputeOptions) => string;

/** A key made safe as a file name (hash keys already are; anything else is hashed again). */
export function safeKey(key: string): string {
  return /^[A-Za-z0-9_-]{8,128}$/.test(key) ? key : createHash('sha256').update(key).digest('hex');
}

export function runIdentity(
  config: ExperimentConfig,
  runIndex: number,
  options: RunComputeOptions,
  engineVersion: string,
  cacheKey: CacheKeyFunction,
): RunIdentity {
  return { key: safeKey(cacheKey(config, runIndex, options)), fingerprint: runFingerprint(config, runIndex, options, engineVersion) };
}
