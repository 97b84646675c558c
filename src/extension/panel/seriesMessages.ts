// Full-resolution run state on the host -> what a panel receives (the decimated `RunSeries`, the
// suggestion's view) and what an export writes (the result of the runs so far). Pure.
import type { ExperimentConfig, ExperimentResult, OdeResult, RunResult, SeedBand, Suggestion } from '../../engine';
import type { BandSeries, RunInfo, RunSeries, RunStatus, StatusView, SuggestionView } from '../../shared/webviewProtocol';
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

/**
 * Ends every run still pending or running with `status` (and `error`): a stop, a failure of the
 * whole computation, or a run the engine returned nothing for. Returns the indices that changed.
 */
export function settleUnfinished(runs: RunState[], status: 'stopped' | 'failed', error?: string): number[] {
  const changed: number[] = [];
  for (const run of runs) {
    if (run.status !== 'running' && run.status !== 'pending') continue;
    run.status = status;
    if (error !== undefined) run.error = run.error ?? error;
    changed.push(run.info.index);
  }
  return changed;
}

/** "Running: 3/24 seeds" (or ODEs when the experiment has no seeds). */
export function progressStatus(runs: readonly RunState[], seeds: number): StatusView {
  if (seeds > 0) {
    const total = runs.reduce((sum, run) => sum + run.seedsTotal, 0);
    const done = runs.reduce((sum, run) => sum + Math.min(run.seedsTotal, run.status === 'ok' || run.status === 'diverged' ? run.seedsTotal : run.seedsDone), 0);
    return { text: `Running: ${done}/${total} seeds`, running: true, done, total };
  }
  const total = runs.length;
  const done = runs.filter((run) => run.ode !== null || run.result !== null).length;
  return { text: `Running: ${done}/${total} ODEs`, running: true, done, total };
}

/** The result of the runs computed so far, in the CLI's result format (exports). */
export function exportedResult(config: ExperimentConfig, grid: Float64Array, runs: readonly RunState[], suggestion: Suggestion | null): ExperimentResult {
  return {
    format: 'clipexp-result',
    version: 1,
    name: config.name,
    t: Array.from(grid),
    runs: runs.map((run): RunResult => run.result ?? {
      name: run.info.name,
      status: run.divergedAt !== null ? 'diverged' : 'ok',
      divergedAt: run.divergedAt ?? undefined,
      ode: run.ode,
      sgd: run.sgd ? { ...run.sgd, mean: (run.sgd as { mean?: number[] }).mean ?? [], seeds: run.seedsDone, diverged: 0 } : null,
      hsgd: run.hsgd,
    }),
    suggestion,
  };
}

/** The suggestion as the panel's card shows it (the host keeps the full numbers). */
export function suggestionView(id: number, s: Suggestion, traceK: number): SuggestionView {
  return {
    suggestionId: id,
    run: s.run,
    lr: s.lr,
    traceK,
    noClipRisk: s.noClip.risk,
    bestConstant: { threshold: s.bestConstant.threshold, risk: s.bestConstant.risk },
    heuristic: { param: s.heuristic.param, risk: s.heuristic.risk, t: Float64Array.from(s.heuristic.t), threshold: Float64Array.from(s.heuristic.threshold) },
    greedy: { risk: s.greedy.risk, t: Float64Array.from(s.greedy.t), threshold: Float64Array.from(s.greedy.threshold) },
  };
}
