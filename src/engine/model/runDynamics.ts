// From a run of the config to what the solvers need: gamma(t), the ODE's threshold rule, schedule
// knots, and for SGD/HSGD the raw threshold path c(t).
import type { Clip, LearningRate, RunConfig } from '../config/types';
import type { Factors } from './factors';
import { constantRule, GreedyRule, heuristicRule, noClipRule, scheduleRule, type ThresholdRule } from './thresholdRules';
import type { Problem } from './problem';
import { evalPiecewise, knotsInside, type LrPath, type PiecewiseLinear } from './schedule';

export function lrPath(lr: LearningRate): LrPath {
  return typeof lr === 'number' ? lr : { t: lr.t, v: lr.lr };
}

export function lrFunction(lr: LearningRate): (t: number) => number {
  if (typeof lr === 'number') return () => lr;
  const f: PiecewiseLinear = { t: lr.t, v: lr.lr };
  return (t) => evalPiecewise(f, t);
}

/** Schedule knots of the run (lr and clip) inside (0, horizon). */
export function runKnots(run: RunConfig, horizon: number): number[] {
  const knots: number[] = [];
  if (typeof run.lr !== 'number') knots.push(...knotsInside({ t: run.lr.t, v: run.lr.lr }, horizon));
  if (run.clip?.kind === 'schedule') knots.push(...knotsInside({ t: run.clip.t, v: run.clip.threshold }, horizon));
  return knots;
}

/** The ODE's threshold rule for a clip (kappa: the heuristic's multiplier, given or tuned). */
export function thresholdRule(clip: Clip | undefined, problem: Problem, factors: Factors, kappa?: number): ThresholdRule {
  const sqrtD = Math.sqrt(problem.traceK);
  if (!clip) return noClipRule();
  switch (clip.kind) {
    case 'constant':
      return constantRule(clip.threshold / sqrtD);
    case 'schedule':
      return scheduleRule({ t: clip.t, v: clip.threshold.map((c) => c / sqrtD) });
    case 'heuristic':
      return heuristicRule(clip.param ?? kappa ?? NaN, problem.noiseScale);
    case 'greedy':
      return new GreedyRule(factors, problem.noiseScale);
  }
}

/** Clip kinds whose threshold follows the ODE's own trajectory. */
export function clipFollowsOde(clip: Clip | undefined): boolean {
  return clip?.kind === 'heuristic' || clip?.kind === 'greedy';
}
