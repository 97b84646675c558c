// The result JSON, version 1 (docs/format.md), exactly as the CLI writes it: keys in the documented order,
// and every non-finite number (a diverged risk, an infinite threshold) written as null.
import type { ExperimentResult, OdeResult, RunResult, SeedBand, SgdResult, Suggestion } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
const nums = (xs: ArrayLike<number>): Array<number | null> => Array.from(xs, num);

function odeJson(ode: OdeResult): Json {
  return { risk: nums(ode.risk), mu: nums(ode.mu), nu: nums(ode.nu), threshold: nums(ode.threshold), ccc: nums(ode.ccc) };
}

function sgdJson(sgd: SgdResult): Json {
  return { median: nums(sgd.median), q10: nums(sgd.q10), q90: nums(sgd.q90), mean: nums(sgd.mean), seeds: sgd.seeds, diverged: sgd.diverged };
}

function bandJson(band: SeedBand): Json {
  return { median: nums(band.median), q10: nums(band.q10), q90: nums(band.q90) };
}

function runJson(run: RunResult): Json {
  const out: { [key: string]: Json } = { name: run.name, status: run.status };
  if (run.divergedAt !== undefined) out.divergedAt = num(run.divergedAt);
  if (run.error !== undefined) out.error = run.error;
  out.ode = run.ode ? odeJson(run.ode) : null;
  out.sgd = run.sgd ? sgdJson(run.sgd) : null;
  out.hsgd = run.hsgd ? bandJson(run.hsgd) : null;
  return out;
}

function suggestionJson(s: Suggestion): Json {
  return {
    run: s.run,
    lr: num(s.lr),
    noClip: { risk: num(s.noClip.risk) },
    bestConstant: { threshold: num(s.bestConstant.threshold), risk: num(s.bestConstant.risk) },
    heuristic: { param: num(s.heuristic.param), risk: num(s.heuristic.risk), t: nums(s.heuristic.t), threshold: nums(s.heuristic.threshold) },
    greedy: { risk: num(s.greedy.risk), t: nums(s.greedy.t), threshold: nums(s.greedy.threshold) },
  };
}

export function suggestionToJson(s: Suggestion | null): Json {
  return s ? suggestionJson(s) : null;
}

/** The result as a JSON-ready object (result JSON v1). */
export function toResultJson(result: ExperimentResult): Json {
  return {
    format: 'clipexp-result',
    version: 1,
    name: result.name,
    t: nums(result.t),
    runs: result.runs.map(runJson),
    suggestion: suggestionToJson(result.suggestion),
  };
}

/** The result JSON as text (compact by default, `indent` for humans). */
export function stringifyResult(result: ExperimentResult, indent?: number): string {
  return JSON.stringify(toResultJson(result), null, indent);
}
