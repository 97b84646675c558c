// The kernel boundary between the numerics and the plumbing (team brief): pure, synchronous,
// deterministic functions of a validated config. Prepared problems, ODE solutions and tuned kappas
// are memoized per config (a worker computes many seeds of the same experiment).
import type { ExperimentConfig, RunConfig } from '../config/types';
import { aggregateRisks } from '../results/aggregate';
import { clipFollowsOde, lrFunction, lrPath, runKnots, thresholdRule } from '../model/runDynamics';
import { Factors } from '../model/factors';
import { recordGridOf } from '../model/grid';
import { simulateHsgd } from '../sim/hsgd';
import { solveOde, type OdeSolution } from '../ode/ode';
import { computePhaseMap, type PhaseMap } from '../ode/phaseMap';
import { buildProblem, type Problem } from '../model/problem';
import type { OdeResult, Suggestion } from '../results/types';
import { Rng } from '../math/rng';
import type { ClipPath } from '../model/schedule';
import { simulateSgd } from '../sim/sgd';
export { ENGINE_VERSION } from '../results/engineVersion';
import { computeSuggestion, tuneKappa, type SuggestContext } from '../ode/suggest';


/** Intervals of the uniform grid on which the ODE hands its threshold path to SGD/HSGD (plus every ODE step). */
const TRACE_RESOLUTION = 512;

interface Prepared {
  config: ExperimentConfig;
  problem: Problem;
  factors: Factors;
  grid: Float64Array;
  kappas: Map<number, number>;
  odes: Map<string, OdeSolution>;
}

const cache = new Map<string, Prepared>();
const CACHE_SIZE = 4;

function prepare(config: ExperimentConfig): Prepared {
  const key = JSON.stringify(config);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const problem = buildProblem(config);
  const prepared: Prepared = {
    config,
    problem,
    factors: new Factors(config.problem.noise),
    grid: recordGridOf(config),
    kappas: new Map(),
    odes: new Map(),
  };
  cache.set(key, prepared);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return prepared;
}

function runOf(config: ExperimentConfig, runIndex: number): RunConfig {
  const run = config.runs[runIndex];
  if (!run) throw new RangeError(`runs[${runIndex}]: no such run (the config has ${config.runs.length})`);
  return run;
}

function suggestContext(p: Prepared, run: RunConfig): SuggestContext {
  return { problem: p.problem, factors: p.factors, horizon: p.config.horizon, lr: lrFunction(run.lr), knots: runKnots(run, p.config.horizon) };
}

/** The heuristic's kappa for a run: its param, or tuned on the ODE (memoized). */
function kappaOf(p: Prepared, runIndex: number): number | undefined {
  const run = runOf(p.config, runIndex);
  if (run.clip?.kind !== 'heuristic') return undefined;
  if (run.clip.param !== undefined) return run.clip.param;
  let k = p.kappas.get(runIndex);
  if (k === undefined) {
    k = tuneKappa(suggestContext(p, run)).kappa;
    p.kappas.set(runIndex, k);
  }
  return k;
}

/** The run's ODE on the record grid; with `trace`, also the fine threshold path (memoized). */
function odeOf(p: Prepared, runIndex: number, trace: boolean): OdeSolution {
  const key = `${runIndex}:${trace ? 'trace' : 'grid'}`;
  let sol = p.odes.get(key);
  if (sol) return sol;
  const run = runOf(p.config, runIndex);
  const rule = thresholdRule(run.clip, p.problem, p.factors, kappaOf(p, runIndex));
  sol = solveOde(p.problem, p.factors, {
    grid: p.grid,
    lr: lrFunction(run.lr),
    rule,
    knots: runKnots(run, p.config.horizon),
    traceIntervals: trace ? TRACE_RESOLUTION : undefined,
  });
  p.odes.set(key, sol);
  return sol;
}

export function recordGrid(config: ExperimentConfig): Float64Array {
  return recordGridOf(config);
}

export function solveRunOde(config: ExperimentConfig, runIndex: number): OdeResult & { divergedAt?: number } {
  const p = prepare(config);
  const sol = odeOf(p, runIndex, false);
  const sqrtD = Math.sqrt(p.problem.traceK);
  const result: OdeResult & { divergedAt?: number } = {
    risk: Array.from(sol.risk),
    mu: Array.from(sol.mu),
    nu: Array.from(sol.nu),
    threshold: Array.from(sol.tau, (tau) => tau * sqrtD),
    ccc: Array.from(sol.ccc),
  };
  if (sol.divergedAt !== undefined) result.divergedAt = sol.divergedAt;
  return result;
}

/** The raw threshold c(t) that SGD/HSGD use for a run (the ODE's path for heuristic/greedy). */
function clipPathOf(p: Prepared, runIndex: number): ClipPath {
  const run = runOf(p.config, runIndex);
  const clip = run.clip;
  if (!clip) return { kind: 'none' };
  const sqrtD = Math.sqrt(p.problem.traceK);
  switch (clip.kind) {
    case 'constant':
      return { kind: 'constant', c: clip.threshold };
    case 'schedule':
      return { kind: 'path', path: { t: clip.t, v: clip.threshold } };
    default: {
      if (!clipFollowsOde(clip)) return { kind: 'none' };
      const sol = odeOf(p, runIndex, true);
      const trace = sol.trace!;
      // After an ODE blow-up the path ends; its last value then holds (constant beyond the end).
      return { kind: 'path', path: { t: trace.t, v: Array.from(trace.tau, (tau) => tau * sqrtD) } };
    }
  }
}

export function simulateRunSeed(
  config: ExperimentConfig,
  runIndex: number,
  seedIndex: number,
  kind: 'sgd' | 'hsgd',
  hooks?: { shouldStop?(): boolean; onProgress?(fraction: number): void },
): { risk: Float64Array; divergedAt?: number; stopped?: boolean } {
  const p = prepare(config);
  const run = runOf(config, runIndex);
  const clip = clipPathOf(p, runIndex);
  const rng = Rng.stream(config.seed, runIndex, seedIndex, kind);
  if (kind === 'sgd') return simulateSgd(p.problem, p.grid, lrPath(run.lr), clip, rng, hooks);
  return simulateHsgd(p.problem, p.factors, p.grid, lrPath(run.lr), clip, rng, hooks);
}

export function aggregateSeeds(risks: Float64Array[]): { median: number[]; q10: number[]; q90: number[]; mean: number[] } {
  return aggregateRisks(risks);
}

export function suggestSchedule(config: ExperimentConfig, runName?: string): Suggestion {
  const p = prepare(config);
  let run: RunConfig | undefined;
  if (runName !== undefined) {
    run = config.runs.find((r) => r.name === runName);
    if (!run) throw new Error(`suggest: no run named "${runName}" (runs: ${config.runs.map((r) => r.name).join(', ')})`);
    if (typeof run.lr !== 'number') throw new Error(`suggest: run "${runName}" has a learning-rate schedule; the suggestion needs a constant lr`);
  } else {
    run = config.runs.find((r) => typeof r.lr === 'number');
    if (!run) throw new Error('suggest: no run has a constant learning rate');
  }
  return computeSuggestion(suggestContext(p, run), p.grid, run.name, run.lr as number);
}

/** The CCC phase map's grid (mu^2 / nu over R x tau) for the experiment's noise, on the given axes. */
export function phaseMapGrid(config: ExperimentConfig, rRange: [number, number], tauRange: [number, number]): PhaseMap {
  return computePhaseMap({ noise: config.problem.noise, rRange, tauRange });
}
