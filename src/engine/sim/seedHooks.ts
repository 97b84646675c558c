// What both simulators (C-SGD, C-HSGD) share with their caller: stop and progress hooks, polled
// every few steps off the per-coordinate hot loop, and the per-seed result.

export interface SeedHooks {
  shouldStop?(): boolean;
  onProgress?(fraction: number): void;
}

export interface SeedResult {
  risk: Float64Array;
  divergedAt?: number;
  stopped?: boolean;
}

/**
 * The periodic hook call of both simulators: true when the caller asked to stop; otherwise reports
 * progress. Called every hookInterval steps, off the per-coordinate hot loop.
 */
export function pollHooks(hooks: SeedHooks | undefined, step: number, totalSteps: number): boolean {
  if (hooks?.shouldStop?.()) return true;
  hooks?.onProgress?.(step / totalSteps);
  return false;
}

/** Steps between hook calls: about a million coordinate updates. */
export function hookInterval(dim: number): number {
  return Math.max(1, Math.min(1000, Math.ceil(1e6 / dim)));
}
