// The record grid in t (docs/format.md "record") and the SGD iterations that sample it.
import { pow } from '../math/special';
import type { ExperimentConfig } from '../config/types';

/**
 * log: t[0] = 0, then points - 1 values log-spaced from horizon * 1e-3 to horizon;
 * linear: points values from 0 to horizon. The last point is exactly the horizon.
 */
export function makeRecordGrid(horizon: number, points: number, spacing: 'log' | 'linear'): Float64Array {
  const n = Math.max(1, Math.floor(points));
  const t = new Float64Array(n);
  if (n === 1) {
    t[0] = horizon;
    return t;
  }
  if (spacing === 'linear') {
    for (let i = 0; i < n; i++) t[i] = (horizon * i) / (n - 1);
    t[n - 1] = horizon;
    return t;
  }
  const m = n - 1;
  const start = horizon * 1e-3;
  t[0] = 0;
  if (m === 1) {
    t[1] = horizon;
    return t;
  }
  const logStart = Math.log10(start);
  const logStop = Math.log10(horizon);
  for (let i = 0; i < m; i++) t[i + 1] = pow(10, logStart + ((logStop - logStart) * i) / (m - 1));
  t[1] = start;
  t[n - 1] = horizon;
  return t;
}

export function recordGridOf(config: ExperimentConfig): Float64Array {
  return makeRecordGrid(config.horizon, config.record.points, config.record.spacing);
}

/** Iteration at which SGD records the risk for each grid time: round(t * D). */
export function recordIterations(grid: Float64Array, traceK: number): Float64Array {
  const k = new Float64Array(grid.length);
  for (let i = 0; i < grid.length; i++) k[i] = Math.round(grid[i] * traceK);
  return k;
}
