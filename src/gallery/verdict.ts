// What a gallery example shows, derived from its numbers (never canned text the numbers could
// contradict): the final risks of plain SGD against clipping, the CCC phase map's verdict, the
// suggestion's ranking of strategies and how closely the ODE tracks SGD.
import type { ExperimentConfig, ExperimentResult, RunResult } from '../engine';

/** The parts of `clipexp ccc --json` the verdict reads. */
export interface PhaseMapFacts {
  infiniteVariance: boolean;
  helpsCells: number;
  cells: number;
  maxRatio: number | null;
}

export interface RunFacts {
  name: string;
  clipped: boolean;
  /** SGD median at the horizon, or the ODE without seeds (Infinity: diverged). */
  final: number;
  source: 'sgd' | 'ode' | null;
  q10: number | null;
  q90: number | null;
  /** The ODE at the horizon (Infinity: blew up; null: not computed). */
  ode: number | null;
  /** Share of record times (t > 0) at which the ODE lies in SGD's [q10, q90] band; null without both. */
  odeInBand: number | null;
}

const last = (xs: ArrayLike<number> | undefined): number | null => (xs && xs.length > 0 ? xs[xs.length - 1] : null);
const finiteOr = (x: number | null | undefined): number => (typeof x === 'number' && !Number.isNaN(x) ? x : Infinity);

export function fmt(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return '∞';
  if (x !== 0 && (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}

function odeInBand(t: ArrayLike<number>, run: RunResult): number | null {
  if (!run.ode || !run.sgd) return null;
  let n = 0;
  let inside = 0;
  for (let i = 0; i < t.length; i++) {
    if (!(t[i] > 0)) continue;
    const o = run.ode.risk[i];
    const lo = run.sgd.q10[i];
    const hi = run.sgd.q90[i];
    if (!Number.isFinite(o) || !Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    n++;
    if (o >= lo && o <= hi) inside++;
  }
  return n > 0 ? inside / n : null;
}

export function runFacts(config: ExperimentConfig, result: ExperimentResult): RunFacts[] {
  return result.runs.map((run, i) => {
    const median = last(run.sgd?.median);
    const odeFinal = run.ode ? finiteOr(last(run.ode.risk)) : null;
    const final = median !== null ? finiteOr(median) : odeFinal ?? Infinity;
    return {
      name: run.name,
      clipped: config.runs[i]?.clip !== undefined,
      final,
      source: median !== null ? 'sgd' : odeFinal !== null ? 'ode' : null,
      q10: run.sgd ? last(run.sgd.q10) : null,
      q90: run.sgd ? last(run.sgd.q90) : null,
      ode: odeFinal,
      odeInBand: odeInBand(result.t, run),
    };
  });
}

function best(runs: RunFacts[]): RunFacts | null {
  let out: RunFacts | null = null;
  for (const r of runs) if (!out || r.final < out.final) out = r;
  return out;
}

/** Half the 10-90% spread at the horizon: what seed-to-seed noise alone can explain. */
function seedNoise(run: RunFacts): number {
  return run.q10 !== null && run.q90 !== null && Number.isFinite(run.q90 - run.q10) ? (run.q90 - run.q10) / 2 : 0;
}

function times(a: number, b: number): string {
  const r = a / b;
  return r >= 10 ? `${Math.round(r)}×` : `${Number(r.toPrecision(2))}×`;
}

function percent(x: number): string {
  return `${Math.round(100 * x)}%`;
}

/** Clause 1: plain SGD against the best clipped run. */
function clippingClause(runs: RunFacts[]): string | null {
  const plain = best(runs.filter((r) => !r.clipped));
  const clipped = best(runs.filter((r) => r.clipped));
  if (!plain || !clipped) return null;
  const plainDiverged = !Number.isFinite(plain.final) || plain.ode === Infinity;
  if (plainDiverged && Number.isFinite(clipped.final)) {
    const how = Number.isFinite(plain.final)
      ? `plain SGD has no finite ODE risk and stalls at a median of ${fmt(plain.final)}`
      : 'plain SGD diverges';
    return Number.isFinite(plain.final)
      ? `${how}, ${times(plain.final, clipped.final)} above clipping (${clipped.name}: ${fmt(clipped.final)})`
      : `${how} while clipping converges (${clipped.name}: ${fmt(clipped.final)})`;
  }
  const noise = Math.max(seedNoise(plain), seedNoise(clipped));
  if (clipped.final < plain.final - noise) {
    return `clipping wins: ${clipped.name} ends at ${fmt(clipped.final)}, ${times(plain.final, clipped.final)} below the best unclipped run (${plain.name}: ${fmt(plain.final)})`;
  }
  if (clipped.final < plain.final) {
    return `clipping gains nothing beyond the seed noise: ${clipped.name} ends at ${fmt(clipped.final)} against ${fmt(plain.final)} for ${plain.name} (10–90% half-spread ${fmt(noise)})`;
  }
  return `no clipped run beats plain SGD: ${plain.name} ends at ${fmt(plain.final)}, the best clipped run (${clipped.name}) at ${fmt(clipped.final)}`;
}

function phaseClause(phase: PhaseMapFacts): string {
  if (phase.infiniteVariance) return 'with infinite noise variance every threshold on the phase map helps';
  if (phase.helpsCells === 0) return `the CCC ratio never exceeds 1 on the phase map (max ${fmt(phase.maxRatio)})`;
  return `the CCC ratio exceeds 1 on ${percent(phase.helpsCells / phase.cells)} of the phase map (up to ${fmt(phase.maxRatio)})`;
}

/** Clause 3: the suggestion's strategies ranked by their ODE risk at the horizon. */
function strategyClause(result: ExperimentResult): string | null {
  const s = result.suggestion;
  if (!s) return null;
  const entries = [
    { name: 'greedy oracle', risk: s.greedy.risk },
    { name: `heuristic (κ = ${fmt(s.heuristic.param)})`, risk: s.heuristic.risk },
    { name: `best constant (c = ${fmt(s.bestConstant.threshold)})`, risk: s.bestConstant.risk },
    { name: 'no clipping', risk: s.noClip.risk },
  ].map((e) => ({ ...e, risk: finiteOr(e.risk) }));
  entries.sort((a, b) => a.risk - b.risk);
  return `in the ODE ${entries.map((e) => `${e.name} ${fmt(e.risk)}`).join(' < ')}`;
}

function trackingClause(runs: RunFacts[]): string | null {
  const shares = runs.map((r) => r.odeInBand).filter((x): x is number => x !== null);
  if (shares.length === 0) return null;
  const lo = Math.min(...shares);
  const hi = Math.max(...shares);
  return lo === hi
    ? `the ODE lies inside SGD's 10–90% band at ${percent(lo)} of the record times`
    : `the ODE lies inside SGD's 10–90% band at ${percent(lo)} to ${percent(hi)} of the record times, depending on the run`;
}

/** One sentence (clauses joined by semicolons) on what the example shows. */
export function verdict(config: ExperimentConfig, result: ExperimentResult, phase: PhaseMapFacts): string {
  const runs = runFacts(config, result);
  const clauses: string[] = [];
  const powerLaw = config.problem.spectrum.kind !== 'identity';
  if (powerLaw) {
    const tracking = trackingClause(runs);
    if (tracking) clauses.push(tracking);
  }
  const clipping = clippingClause(runs);
  if (clipping) clauses.push(clipping);
  clauses.push(phaseClause(phase));
  const helps = phase.infiniteVariance || phase.helpsCells > 0;
  if (helps && !powerLaw) {
    const strategies = strategyClause(result);
    if (strategies) clauses.push(strategies);
  }
  const sentence = clauses.join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
}
