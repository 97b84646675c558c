// The suggestion (docs/math.md): for one run's learning rate, the ODE's final risk of no
// clipping, of the best constant threshold, of the tuned heuristic and of the greedy oracle, with the
// heuristic's and the oracle's threshold schedules as explicit {t, threshold} arrays (raw c).
import type { Factors } from '../model/factors';
import { constantRule, GreedyRule, heuristicRule, noClipRule, type ThresholdRule } from '../model/thresholdRules';
import { solveOde } from './ode';
import type { Problem } from '../model/problem';
import type { Suggestion } from '../results/types';

export const KAPPA_RANGE: [number, number] = [0.05, 20];

/**
 * Minimize f over [lo, hi] in log space: a coarse scan of `coarse` points, then golden-section
 * search around the best point. Returns the argument and the value.
 */
export function minimizeLog(f: (x: number) => number, lo: number, hi: number, coarse: number, iterations: number): { x: number; value: number } {
  const ulo = Math.log(lo);
  const uhi = Math.log(hi);
  const step = (uhi - ulo) / (coarse - 1);
  let bestI = 0;
  let bestV = Infinity;
  const values: number[] = [];
  for (let i = 0; i < coarse; i++) {
    const v = f(Math.exp(ulo + i * step));
    values.push(v);
    if (v < bestV) {
      bestV = v;
      bestI = i;
    }
  }
  let a = ulo + Math.max(0, bestI - 1) * step;
  let b = ulo + Math.min(coarse - 1, bestI + 1) * step;
  let bestU = ulo + bestI * step;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(Math.exp(c));
  let fd = f(Math.exp(d));
  for (let it = 0; it < iterations; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(Math.exp(d));
    }
  }
  if (fc < bestV) {
    bestV = fc;
    bestU = c;
  }
  if (fd < bestV) {
    bestV = fd;
    bestU = d;
  }
  return { x: Math.exp(bestU), value: bestV };
}

export interface SuggestContext {
  problem: Problem;
  factors: Factors;
  horizon: number;
  lr: (t: number) => number;
  knots: number[];
}

/** ODE risk at the horizon under a rule. */
export function finalRisk(ctx: SuggestContext, rule: ThresholdRule): number {
  const sol = solveOde(ctx.problem, ctx.factors, { grid: Float64Array.of(ctx.horizon), lr: ctx.lr, rule, knots: ctx.knots, rtol: 1e-7 });
  return sol.risk[0];
}

/** The heuristic's kappa in KAPPA_RANGE minimizing the ODE risk at the horizon. */
export function tuneKappa(ctx: SuggestContext): { kappa: number; risk: number } {
  const s = ctx.problem.noiseScale;
  const best = minimizeLog((k) => finalRisk(ctx, heuristicRule(k, s)), KAPPA_RANGE[0], KAPPA_RANGE[1], 13, 14);
  return { kappa: best.x, risk: best.value };
}

/** The best constant normalized threshold tau (c = tau sqrt(D)). */
export function bestConstantTau(ctx: SuggestContext): { tau: number; risk: number } {
  const p = ctx.problem;
  const scale = Math.sqrt(2 * p.risk0 + p.noiseScale * p.noiseScale) || 1;
  const best = minimizeLog((tau) => finalRisk(ctx, constantRule(tau)), scale * 1e-3, scale * 1e3, 19, 14);
  return { tau: best.x, risk: best.value };
}

export function computeSuggestion(
  ctx: SuggestContext,
  grid: Float64Array,
  runName: string,
  lr: number,
): Suggestion {
  const p = ctx.problem;
  const sqrtD = Math.sqrt(p.traceK);
  const noClip = finalRisk(ctx, noClipRule());
  const constant = bestConstantTau(ctx);
  const kappa = tuneKappa(ctx);
  const solve = (rule: ThresholdRule) => solveOde(p, ctx.factors, { grid, lr: ctx.lr, rule, knots: ctx.knots });
  const heur = solve(heuristicRule(kappa.kappa, p.noiseScale));
  const greedy = solve(new GreedyRule(ctx.factors, p.noiseScale));
  const raw = (tau: Float64Array) => Array.from(tau, (x) => x * sqrtD);
  return {
    run: runName,
    lr,
    noClip: { risk: noClip },
    bestConstant: { threshold: constant.tau * sqrtD, risk: constant.risk },
    heuristic: { param: kappa.kappa, risk: heur.risk[heur.risk.length - 1], t: Array.from(grid), threshold: raw(heur.tau) },
    greedy: { risk: greedy.risk[greedy.risk.length - 1], t: Array.from(grid), threshold: raw(greedy.tau) },
  };
}
