// Full-resolution run state on the host -> the decimated `RunSeries` a panel receives. Pure.
import type { OdeResult, RunResult, SeedBand } from '../engine';
import type { BandSeries, RunInfo, RunSeries, RunStatus } from '../shared/webviewProtocol';
import { sampleBand, sampleOde } from './decimate';
import { clippingHelpsFrom, divergenceParts, finalRisk } from './runSummary';

/** What the host knows about one run of the current computation. */
export interface RunState {
  info: RunInfo;
  status: RunStatus;
  fromCache: boolean;
  divergedAt: number | null;
  error: string | null;
  seedsDone: number;
  seedsTotal: number;
  ode: OdeResult | null;
  sgd: SeedBand | null;
  hsgd: SeedBand | null;
  /** The complete result once the run is done (what the cache and the exports store). */
  result: RunResult | null;
}

export function pendingRun(info: RunInfo, seedsTotal: number): RunState {
  return { info, status: 'pending', fromCache: false, divergedAt: null, error: null, seedsDone: 0, seedsTotal, ode: null, sgd: null, hsgd: null, result: null };
}

export function finishedRun(info: RunInfo, result: RunResult, fromCache: boolean, seedsTotal: number): RunState {
  return {
    info,
    status: result.status,
    fromCache,
    divergedAt: result.divergedAt ?? null,
    error: result.error ?? null,
    seedsDone: result.sgd ? result.sgd.seeds : seedsTotal,
    seedsTotal,
    ode: result.ode,
    sgd: result.sgd,
    hsgd: result.hsgd,
    result: { ...result, name: info.name },
  };
}

function band(value: SeedBand | null, indices: Uint32Array): BandSeries | null {
  return value ? sampleBand(value, indices) : null;
}

export function runSeries(run: RunState, grid: ArrayLike<number>, indices: Uint32Array): RunSeries {
  const final = finalRisk(run);
  return {
    index: run.info.index,
    name: run.info.name,
    status: run.status,
    fromCache: run.fromCache,
    divergedAt: run.divergedAt,
    ...divergenceParts(run.result, grid),
    odeRiskInfinite: run.info.odeRiskInfinite === true,
    error: run.error,
    seedsDone: run.seedsDone,
    seedsTotal: run.seedsTotal,
    finalRisk: final.value,
    finalRiskSource: final.source,
    clippingHelpsFrom: clippingHelpsFrom(grid, run.ode?.ccc, run.info.clipKind !== 'none'),
    ode: run.ode ? sampleOde(run.ode, indices) : null,
    sgd: band(run.sgd, indices),
    hsgd: band(run.hsgd, indices),
  };
}

/** [min, max] of the drawable risk values of the runs (for linked axes); null when there are none. */
export function riskRange(runs: readonly RunState[], positiveOnly: boolean): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  const scan = (values: ArrayLike<number> | undefined) => {
    if (!values) return;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  };
  for (const run of runs) {
    scan(run.ode?.risk);
    scan(run.sgd?.q10);
    scan(run.sgd?.q90);
    scan(run.sgd?.median);
  }
  return min <= max ? { min, max } : null;
}
