// The CCC phase map (docs/math.md, "The clipping comparison criterion"): over a log grid of risk R and
// normalized threshold tau = c / sqrt(tr K), the best achievable rate mu^2 / nu against its unclipped
// value 1 / (2R + E eps^2), the region where that ratio exceeds 1 (clipping helps), the threshold that
// maximizes mu^2 / nu at each risk, the heuristic's path tau = kappa sqrt(2R + s^2) and the runs'
// ODE trajectories (R(t), tau(t)). Pure and synchronous: the CLI and the panel both draw it.
import { pow } from '../math/special';
import type { Noise } from '../config/types';
import { Factors } from '../model/factors';
import { noiseScale, noiseSecondMoment } from '../model/noise';

/** A ratio counts as "clipping helps" only above 1 + this (mu^2 / nu -> 1 / (2R + E eps^2) as tau -> inf). */
export const HELPS_TOLERANCE = 1e-6;

export interface PhaseMapTrajectory {
  name: string;
  /** The run's index in the config (its colour in the charts). */
  index: number;
  /** The ODE trajectory, finite points only, in time order. */
  R: number[];
  tau: number[];
}

export interface PhaseMapInput {
  noise: Noise;
  /** Runs' trajectories to draw (and to fit the axes around). Unclipped runs (tau = inf) are left out. */
  trajectories?: PhaseMapTrajectory[];
  /** The heuristic's kappa (the suggestion's), for its path tau = kappa sqrt(2R + s^2). */
  kappa?: number | null;
  /** Risks visited by unclipped runs (not drawn: tau = infinity), so the R axis covers them too. */
  otherRisks?: ArrayLike<number>[];
  /** Axis ranges; by default whole decades around the trajectories (see defaultRanges). */
  rRange?: [number, number];
  tauRange?: [number, number];
  /** Cells along R and along tau. */
  cellsR?: number;
  cellsTau?: number;
}

export interface PhaseMap {
  noise: Noise;
  /** E eps^2: Infinity for Student-t with dof <= 2 (then the unclipped mu^2 / nu is 0). */
  noiseSecondMoment: number;
  infiniteVariance: boolean;
  rRange: [number, number];
  tauRange: [number, number];
  /** Cell centres, log-spaced. */
  R: number[];
  tau: number[];
  /** mu^2 / nu per cell, row-major by tau: rate[j * R.length + i] is (R[i], tau[j]). */
  rate: Float64Array;
  /** rate * (2R + E eps^2): above 1 clipping at tau beats plain SGD at risk R. Infinity with infinite variance. */
  ratio: Float64Array;
  /** 1 where clipping helps (ratio > 1 + HELPS_TOLERANCE). */
  helps: Uint8Array;
  helpsCount: number;
  /** Largest ratio over the grid (Infinity with infinite variance). */
  maxRatio: number;
  /** The ratio = 1 contour, as segments [x0, y0, x1, y1, ...] in (log10 R, log10 tau). Empty with infinite variance. */
  contour: number[];
  /** At each R[i], the tau that maximizes mu^2 / nu (refined between grid rows); NaN where no tau helps. */
  bestTau: number[];
  heuristic: { kappa: number; R: number[]; tau: number[] } | null;
  trajectories: PhaseMapTrajectory[];
}

const DEFAULT_CELLS_R = 72;
const DEFAULT_CELLS_TAU = 56;
/** Thresholds from this fraction to this multiple of the typical residual sqrt(2R + s^2). */
const TAU_SPAN: [number, number] = [0.1, 10];

function logSpace(lo: number, hi: number, cells: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: cells }, (_, i) => pow(10, a + ((i + 0.5) * (b - a)) / cells));
}

function decadeRange(lo: number, hi: number, minDecades: number): [number, number] {
  let a = Math.floor(Math.log10(lo) + 1e-9);
  let b = Math.ceil(Math.log10(hi) - 1e-9);
  while (b - a < minDecades) {
    // Widen on the side with less room to the data; downwards on a tie (risks fall).
    if (Math.log10(lo) - a <= b - Math.log10(hi)) a -= 1;
    else b += 1;
  }
  // 1 / 10^5 is exactly 1e-5 (10^-5 is not): clean tick values at the ends.
  const decade = (e: number) => (e < 0 ? 1 / pow(10, -e) : pow(10, e));
  return [decade(a), decade(b)];
}

/**
 * Whole-decade axes around the trajectories: R from the smallest to the largest risk visited; tau
 * from TAU_SPAN[0] to TAU_SPAN[1] times the typical residual over that R range, and around every
 * trajectory's threshold.
 */
export function defaultRanges(noise: Noise, trajectories: PhaseMapTrajectory[], otherRisks: ArrayLike<number>[] = []): { rRange: [number, number]; tauRange: [number, number] } {
  let rLo = Infinity;
  let rHi = 0;
  for (const risks of otherRisks) {
    for (let k = 0; k < risks.length; k++) {
      const R = risks[k];
      if (R > 0 && Number.isFinite(R)) {
        rLo = Math.min(rLo, R);
        rHi = Math.max(rHi, R);
      }
    }
  }
  let tLo = Infinity;
  let tHi = 0;
  for (const tr of trajectories) {
    for (let k = 0; k < tr.R.length; k++) {
      const R = tr.R[k];
      const tau = tr.tau[k];
      if (R > 0 && Number.isFinite(R)) {
        rLo = Math.min(rLo, R);
        rHi = Math.max(rHi, R);
      }
      if (tau > 0 && Number.isFinite(tau)) {
        tLo = Math.min(tLo, tau);
        tHi = Math.max(tHi, tau);
      }
    }
  }
  if (!(rHi > 0)) {
    rLo = 1e-3;
    rHi = 1;
  }
  const rRange = decadeRange(rLo, rHi, 2);
  const s2 = noiseScale(noise) ** 2;
  const typicalLo = Math.sqrt(2 * rRange[0] + s2);
  const typicalHi = Math.sqrt(2 * rRange[1] + s2);
  tLo = Math.min(tLo, TAU_SPAN[0] * typicalLo);
  tHi = Math.max(tHi, TAU_SPAN[1] * typicalHi);
  return { rRange, tauRange: decadeRange(tLo, tHi, 2) };
}

/** Marching squares for the level `level` of a row-major field on cell centres (x = log10 R, y = log10 tau). */
function contourSegments(field: Float64Array, xs: number[], ys: number[], level: number): number[] {
  const nx = xs.length;
  const ny = ys.length;
  const out: number[] = [];
  const cross = (x0: number, y0: number, v0: number, x1: number, y1: number, v1: number): [number, number] => {
    const f = (level - v0) / (v1 - v0);
    return [x0 + f * (x1 - x0), y0 + f * (y1 - y0)];
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      // Corners: a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1).
      const va = field[j * nx + i];
      const vb = field[j * nx + i + 1];
      const vc = field[(j + 1) * nx + i + 1];
      const vd = field[(j + 1) * nx + i];
      const code = (va > level ? 1 : 0) | (vb > level ? 2 : 0) | (vc > level ? 4 : 0) | (vd > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const x0 = xs[i], x1 = xs[i + 1], y0 = ys[j], y1 = ys[j + 1];
      const bottom = () => cross(x0, y0, va, x1, y0, vb);
      const right = () => cross(x1, y0, vb, x1, y1, vc);
      const top = () => cross(x0, y1, vd, x1, y1, vc);
      const left = () => cross(x0, y0, va, x0, y1, vd);
      const seg = (p: [number, number], q: [number, number]) => out.push(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(right(), top()); break;
        case 6: case 9: seg(bottom(), top()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: case 10: {
          // Saddle: the centre's average decides which corners connect.
          const centreAbove = (va + vb + vc + vd) / 4 > level;
          if ((code === 5) === centreAbove) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        }
      }
    }
  }
  return out;
}

/** Trajectories (R(t), tau(t)) of runs from their ODE risk and raw threshold c(t); unclipped runs are left out. */
export function odeTrajectories(
  runs: ReadonlyArray<{ name: string; ode: { risk: ArrayLike<number | null>; threshold: ArrayLike<number | null> } | null }>,
  traceK: number,
): PhaseMapTrajectory[] {
  const sqrtD = Math.sqrt(traceK);
  const out: PhaseMapTrajectory[] = [];
  runs.forEach((run, index) => {
    if (!run.ode) return;
    const R: number[] = [];
    const tau: number[] = [];
    const n = Math.min(run.ode.risk.length, run.ode.threshold.length);
    for (let k = 0; k < n; k++) {
      const r = run.ode.risk[k];
      const c = run.ode.threshold[k];
      if (typeof r !== 'number' || typeof c !== 'number' || !(r > 0) || !Number.isFinite(r) || !(c > 0) || !Number.isFinite(c)) continue;
      R.push(r);
      tau.push(c / sqrtD);
    }
    if (R.length > 0) out.push({ name: run.name, index, R, tau });
  });
  return out;
}

/** The heuristic's path tau = kappa sqrt(2R + s^2) across [rRange] (null without a usable kappa). */
export function heuristicPath(noise: Noise, rRange: [number, number], kappa: number | null | undefined, steps = 144): PhaseMap['heuristic'] {
  if (typeof kappa !== 'number' || !(kappa > 0) || !Number.isFinite(kappa)) return null;
  const s2 = noiseScale(noise) ** 2;
  const a = Math.log10(rRange[0]);
  const b = Math.log10(rRange[1]);
  const R = Array.from({ length: steps + 1 }, (_, k) => pow(10, a + (k * (b - a)) / steps));
  return { kappa, R, tau: R.map((r) => kappa * Math.sqrt(2 * r + s2)) };
}

/** The ODE risks of the runs that odeTrajectories leaves out (no clipping), for the R axis. */
export function unclippedRisks(runs: ReadonlyArray<{ ode: { risk: ArrayLike<number | null>; threshold: ArrayLike<number | null> } | null }>): number[][] {
  const out: number[][] = [];
  for (const run of runs) {
    if (!run.ode || Array.from(run.ode.threshold).some((c) => typeof c === 'number' && Number.isFinite(c))) continue;
    out.push(Array.from(run.ode.risk, (r) => (typeof r === 'number' ? r : NaN)));
  }
  return out;
}

export function computePhaseMap(input: PhaseMapInput): PhaseMap {
  const noise = input.noise;
  const trajectories = input.trajectories ?? [];
  const ranges = defaultRanges(noise, trajectories, input.otherRisks);
  const rRange = input.rRange ?? ranges.rRange;
  const tauRange = input.tauRange ?? ranges.tauRange;
  const nR = Math.max(2, Math.floor(input.cellsR ?? DEFAULT_CELLS_R));
  const nT = Math.max(2, Math.floor(input.cellsTau ?? DEFAULT_CELLS_TAU));
  const R = logSpace(rRange[0], rRange[1], nR);
  const tau = logSpace(tauRange[0], tauRange[1], nT);
  const eps2 = noiseSecondMoment(noise);
  const infiniteVariance = !Number.isFinite(eps2);
  const factors = new Factors(noise);
  const rate = new Float64Array(nR * nT);
  const ratio = new Float64Array(nR * nT);
  const helps = new Uint8Array(nR * nT);
  let helpsCount = 0;
  let maxRatio = 0;
  for (let j = 0; j < nT; j++) {
    for (let i = 0; i < nR; i++) {
      factors.evaluate(R[i], tau[j]);
      const k = j * nR + i;
      const v = factors.nu > 0 ? (factors.mu * factors.mu) / factors.nu : 0;
      rate[k] = v;
      // With infinite variance the unclipped rate is 0: any finite threshold helps.
      ratio[k] = infiniteVariance ? (v > 0 ? Infinity : 0) : v * (2 * R[i] + eps2);
      if (ratio[k] > 1 + HELPS_TOLERANCE) {
        helps[k] = 1;
        helpsCount++;
      }
      if (ratio[k] > maxRatio) maxRatio = ratio[k];
    }
  }

  // The best threshold per risk: the grid row maximizing mu^2 / nu, refined by a parabola in log tau.
  const logTau = tau.map(Math.log10);
  // NaN where no threshold on the map helps: there the best is not to clip (tau = infinity).
  const bestTau = R.map((_, i) => {
    let best = 0;
    for (let j = 1; j < nT; j++) if (rate[j * nR + i] > rate[best * nR + i]) best = j;
    if (!helps[best * nR + i]) return NaN;
    if (best === 0 || best === nT - 1) return tau[best];
    const a = rate[(best - 1) * nR + i];
    const b = rate[best * nR + i];
    const c = rate[(best + 1) * nR + i];
    const denominator = a - 2 * b + c;
    const shift = denominator < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denominator)) : 0;
    return pow(10, logTau[best] + shift * (logTau[1] - logTau[0]));
  });

  let contour: number[] = [];
  if (!infiniteVariance) {
    // log ratio, floored so that ratio = 0 (tau far below the residual) stays finite for interpolation.
    const field = ratio.map((v) => Math.max(Math.log(v), -50));
    contour = contourSegments(field, R.map(Math.log10), logTau, Math.log1p(HELPS_TOLERANCE));
  }

  const heuristic = heuristicPath(noise, rRange, input.kappa, 2 * nR);

  return {
    noise,
    noiseSecondMoment: eps2,
    infiniteVariance,
    rRange,
    tauRange,
    R,
    tau,
    rate,
    ratio,
    helps,
    helpsCount,
    maxRatio,
    contour,
    bestTau,
    heuristic,
    trajectories,
  };
}
