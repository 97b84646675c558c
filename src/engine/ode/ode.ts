// The deterministic equivalent of the risk (docs/math.md): over eigenmode groups g (equal lambda merged),
//   dV_g/dt = -2 gamma mu(R, tau) lambda_g V_g + gamma^2 lambda_g n_g nu(R, tau) / (2D),
// R = sum lambda_g V_g. Dormand-Prince 5(4) with adaptive steps (error measured on the risk), steps
// landing exactly on schedule knots and the horizon; record times in between use the quartic dense
// output (Shampine's midpoint) of the scalars R and A = sum lambda_g^2 V_g, which is all the outputs need.
import { pow } from '../math/special';
import type { Factors } from '../model/factors';
import type { ThresholdRule } from '../model/thresholdRules';
import type { Problem } from '../model/problem';

export interface OdeSolution {
  /** On the record grid. */
  risk: Float64Array;
  mu: Float64Array;
  nu: Float64Array;
  tau: Float64Array;
  ccc: Float64Array;
  /** Time of blow-up (risk non-finite or > 1e300), if any. */
  divergedAt?: number;
  /** (t, tau) at every accepted step and record point: the fine threshold path for SGD. */
  trace?: { t: Float64Array; tau: Float64Array };
  steps: number;
}

export interface OdeOptions {
  grid: Float64Array;
  /** Learning rate gamma(t). */
  lr: (t: number) => number;
  rule: ThresholdRule;
  /** Extra times where steps must end (schedule knots). */
  knots?: number[];
  rtol?: number;
  /** Also record (t, tau) on a uniform grid of this many intervals (the fine threshold path for SGD). */
  traceIntervals?: number;
}

const BLOW_UP = 1e300;

// Dormand-Prince 5(4) tableau.
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];
// Weights of the 4th-order midpoint value y(t + h/2) (Shampine), for the dense output.
const MID = [
  (0.5 * 6025192743) / 30085553152, 0, (0.5 * 51252292925) / 65400821598, (0.5 * -2691868925) / 45128329728,
  (0.5 * 187940372067) / 1594534317056, (0.5 * -1776094331) / 19743644256, (0.5 * 11237099) / 235043384,
];

/** Quartic through q0, q1, qm (midpoint) with end slopes hf0, hf1 (already times h), at theta. */
function quartic(q0: number, q1: number, qm: number, hf0: number, hf1: number, theta: number): number {
  const a = -2 * hf0 + 2 * hf1 - 8 * q0 - 8 * q1 + 16 * qm;
  const b = 5 * hf0 - 3 * hf1 + 18 * q0 + 14 * q1 - 32 * qm;
  const c = -4 * hf0 + hf1 - 11 * q0 - 5 * q1 + 16 * qm;
  return (((a * theta + b) * theta + c) * theta + hf0) * theta + q0;
}

/** One stage's scalars: k_g = lambda_g (alpha V_g + beta n_g). */
interface StageScalars {
  R: number;
  A: number;
  /** sum lambda_g^3 V_g (for dA/dt in the dense output). */
  C: number;
  tau: number;
  mu: number;
  nu: number;
  alpha: number;
  beta: number;
}

export function solveOde(problem: Problem, factors: Factors, opts: OdeOptions): OdeSolution {
  const grid = opts.grid;
  const n = grid.length;
  const out: OdeSolution = {
    risk: new Float64Array(n).fill(Infinity),
    mu: new Float64Array(n).fill(NaN),
    nu: new Float64Array(n).fill(NaN),
    tau: new Float64Array(n).fill(NaN),
    ccc: new Float64Array(n).fill(NaN),
    steps: 0,
  };
  const lam = problem.groups.lambda;
  const cnt = problem.groups.count;
  const m = lam.length;
  const D = problem.traceK;
  const B = problem.sumLambda2 / (2 * D);
  const eps2 = factors.eps2;
  const rule = opts.rule;
  rule.reset();
  const rtol = opts.rtol ?? 1e-8;
  const horizon = n > 0 ? grid[n - 1] : 0;
  const traceT: number[] = [];
  const traceTau: number[] = [];
  const traceIntervals = opts.traceIntervals ?? 0;
  const tracing = traceIntervals > 0;
  let L2n = 0; // sum lambda^2 n and sum lambda^3 n: the beta parts of dR/dt and dA/dt
  let L3n = 0;
  for (let g = 0; g < lam.length; g++) {
    L2n += lam[g] * lam[g] * cnt[g];
    L3n += lam[g] * lam[g] * lam[g] * cnt[g];
  }
  /** Outputs at an arbitrary time from interpolated R and A (rule and factors re-evaluated). */
  const scratch: StageScalars = { R: 0, A: 0, C: 0, tau: 0, mu: 0, nu: 0, alpha: 0, beta: 0 };
  const at = (time: number, R: number, Aval: number): StageScalars => {
    stage(time, R, Aval, 0, scratch);
    return scratch;
  };

  const stage = (t: number, R: number, Aval: number, Cval: number, s: StageScalars): void => {
    const gamma = opts.lr(t);
    const tau = rule.tau(t, R, Aval, gamma, B);
    factors.evaluate(R, tau);
    s.R = R;
    s.A = Aval;
    s.C = Cval;
    s.tau = tau;
    s.mu = factors.mu;
    s.nu = factors.nu;
    s.alpha = -2 * gamma * factors.mu;
    s.beta = (gamma * gamma * factors.nu) / (2 * D);
  };
  const record = (j: number, s: StageScalars): void => {
    out.risk[j] = s.R;
    out.mu[j] = s.mu;
    out.nu[j] = s.nu;
    out.tau[j] = s.tau;
    out.ccc[j] = s.tau === Infinity ? 1 : ((s.mu * s.mu) / s.nu) * (2 * s.R + eps2);
  };

  // Unclipped with infinite noise variance: the risk is infinite for every t > 0.
  const y = Float64Array.from(problem.groups.v0);
  let R0 = 0;
  let A0 = 0;
  let C0 = 0;
  for (let g = 0; g < m; g++) {
    R0 += lam[g] * y[g];
    A0 += lam[g] * lam[g] * y[g];
    C0 += lam[g] * lam[g] * lam[g] * y[g];
  }
  const first: StageScalars = { R: 0, A: 0, C: 0, tau: 0, mu: 0, nu: 0, alpha: 0, beta: 0 };
  stage(0, R0, A0, C0, first);
  if (first.nu === Infinity && rule.kind === 'none') {
    for (let j = 0; j < n; j++) {
      if (grid[j] <= 0) record(j, first);
      else {
        out.divergedAt ??= grid[j];
        out.risk[j] = Infinity;
        out.mu[j] = 1;
        out.nu[j] = Infinity;
        out.tau[j] = Infinity;
      }
    }
    return out;
  }

  // Stop times: knots and the horizon, sorted.
  const stops = (opts.knots ?? []).filter((k) => k > 0 && k < horizon).concat([horizon]);
  stops.sort((a, b) => a - b);
  let traceNext = 1;

  const Y: Float64Array[] = [y];
  for (let k = 1; k < 7; k++) Y.push(new Float64Array(m));
  const S: StageScalars[] = [first];
  for (let k = 1; k < 7; k++) S.push({ R: 0, A: 0, C: 0, tau: 0, mu: 0, nu: 0, alpha: 0, beta: 0 });
  const coefA = new Float64Array(7);
  let t = 0;
  let recIndex = 0;
  while (recIndex < n && grid[recIndex] <= 0) record(recIndex++, first);
  if (tracing) {
    traceT.push(0);
    traceTau.push(first.tau);
  }
  let h = Math.min(1e-3, horizon > 0 ? horizon * 1e-4 : 1e-3);
  let stopIndex = 0;
  while (stopIndex < stops.length && stops[stopIndex] <= 0) stopIndex++;

  while (recIndex < n) {
    const target = stops[stopIndex];
    let hTry = h;
    let landing = false;
    if (t + hTry >= target - 1e-12 * Math.max(1, target)) {
      hTry = target - t;
      landing = true;
    }
    // Stages 2..7: Y_st = y + lambda (sum_l h a_{st,l} alpha_l Y_l + n sum_l h a_{st,l} beta_l).
    for (let st = 1; st < 7; st++) {
      const row = A[st];
      let bsum = 0;
      for (let l = 0; l < 7; l++) coefA[l] = 0;
      for (let l = 0; l < st; l++) {
        coefA[l] = hTry * row[l] * S[l].alpha;
        bsum += hTry * row[l] * S[l].beta;
      }
      const sums = combine(Y[st], Y[0], Y[1], Y[2], Y[3], Y[4], Y[5], st, coefA, bsum, lam, cnt);
      stage(t + C[st] * hTry, sums.R, sums.A, sums.C, S[st]);
    }
    // Error estimate on the risk: sum lambda_g |err_g| relative to sum lambda_g |V_g|.
    let ebsum = 0;
    for (let l = 0; l < 7; l++) {
      coefA[l] = hTry * E[l] * S[l].alpha;
      ebsum += hTry * E[l] * S[l].beta;
    }
    const y7 = Y[6];
    const errs = errorSums(Y[0], Y[1], Y[2], Y[3], Y[4], Y[5], y7, coefA, ebsum, lam, cnt);
    const errSum = errs.R;
    const scaleSum = errs.A;
    const s7 = S[6];
    const finite = Number.isFinite(s7.R) && s7.R <= BLOW_UP && Number.isFinite(errSum);
    const errNorm = finite ? errSum / (rtol * scaleSum + 1e-300) : Infinity;
    out.steps++;
    if (!finite && hTry < 1e-12 * Math.max(1, horizon)) {
      // Blow-up that step-size control cannot resolve: the rest is infinite.
      out.divergedAt = t + hTry;
      break;
    }
    if (errNorm <= 1) {
      const tOld = t;
      t = landing ? target : t + hTry;
      // Dense output for record (and trace) times in (tOld, t].
      const s0 = S[0];
      const hR0 = hTry * (s0.alpha * s0.A + s0.beta * L2n);
      const hA0 = hTry * (s0.alpha * s0.C + s0.beta * L3n);
      const hR1 = hTry * (s7.alpha * s7.A + s7.beta * L2n);
      const hA1 = hTry * (s7.alpha * s7.C + s7.beta * L3n);
      let Rm = s0.R;
      let Am = s0.A;
      for (let l = 0; l < 7; l++) {
        const sl = S[l];
        Rm += hTry * MID[l] * (sl.alpha * sl.A + sl.beta * L2n);
        Am += hTry * MID[l] * (sl.alpha * sl.C + sl.beta * L3n);
      }
      const R0s = s0.R;
      const A0s = s0.A;
      const interpolate = (time: number): StageScalars => {
        const theta = (time - tOld) / hTry;
        const Ri = quartic(R0s, s7.R, Rm, hR0, hR1, theta);
        const Ai = quartic(A0s, s7.A, Am, hA0, hA1, theta);
        return at(time, Ri, Ai);
      };
      if (!(s7.R <= BLOW_UP)) {
        out.divergedAt = t;
        break;
      }
      while (recIndex < n && grid[recIndex] < t) {
        record(recIndex, interpolate(grid[recIndex]));
        recIndex++;
      }
      if (tracing) {
        for (; traceNext <= traceIntervals; traceNext++) {
          const tt = (horizon * traceNext) / traceIntervals;
          if (tt >= t) break;
          traceT.push(tt);
          traceTau.push(interpolate(tt).tau);
        }
      }
      // Accept: FSAL, Y7 becomes the new state.
      Y[6] = Y[0];
      Y[0] = y7;
      const tmp = S[6];
      S[6] = S[0];
      S[0] = tmp;
      if (tracing) {
        traceT.push(t);
        traceTau.push(S[0].tau);
      }
      while (recIndex < n && grid[recIndex] <= t) record(recIndex++, S[0]);
      if (landing) {
        while (stopIndex < stops.length && stops[stopIndex] <= t) stopIndex++;
      }
      const grow = errNorm === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * pow(errNorm, -0.2)));
      // A landing step was shortened on purpose: do not let it shrink the next proposal.
      h = landing ? Math.max(h, hTry * grow) : hTry * grow;
    } else {
      h = hTry * Math.max(0.1, Number.isFinite(errNorm) ? 0.9 * pow(errNorm, -0.2) : 0.1);
    }
    if (out.steps > 2_000_000) {
      out.divergedAt = t;
      break;
    }
  }
  if (out.divergedAt !== undefined) {
    for (let j = recIndex; j < n; j++) out.risk[j] = Infinity;
  }
  if (tracing) out.trace = { t: Float64Array.from(traceT), tau: Float64Array.from(traceTau) };
  return out;
}

const sumsOut = { R: 0, A: 0, C: 0 };

/**
 * out_g = y0_g + lambda_g (bsum n_g + sum_{l < terms} c_l Y_l,g) with the loop specialized per
 * number of terms (no array-of-arrays indexing in the hot loop); returns R and A of the result.
 */
function combine(
  out: Float64Array, y0: Float64Array, y1: Float64Array, y2: Float64Array, y3: Float64Array, y4: Float64Array, y5: Float64Array,
  terms: number, c: Float64Array, bsum: number, lam: Float64Array, cnt: Float64Array,
): { R: number; A: number; C: number } {
  const m = out.length;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  let R = 0;
  let Asum = 0;
  let Csum = 0;
  // Unused terms have c_l = 0 and a valid (if irrelevant) vector: one loop shape for all stages
  // would cost 6 multiply-adds; specializing the two cheapest stages saves most of the difference.
  if (terms === 1) {
    for (let g = 0; g < m; g++) {
      const v = y0[g] + lam[g] * (bsum * cnt[g] + c0 * y0[g]);
      out[g] = v;
      const lv = lam[g] * v;
      const llv = lam[g] * lv;
      R += lv;
      Asum += llv;
      Csum += lam[g] * llv;
    }
  } else if (terms === 2) {
    for (let g = 0; g < m; g++) {
      const v = y0[g] + lam[g] * (bsum * cnt[g] + c0 * y0[g] + c1 * y1[g]);
      out[g] = v;
      const lv = lam[g] * v;
      const llv = lam[g] * lv;
      R += lv;
      Asum += llv;
      Csum += lam[g] * llv;
    }
  } else if (terms === 3) {
    for (let g = 0; g < m; g++) {
      const v = y0[g] + lam[g] * (bsum * cnt[g] + c0 * y0[g] + c1 * y1[g] + c2 * y2[g]);
      out[g] = v;
      const lv = lam[g] * v;
      const llv = lam[g] * lv;
      R += lv;
      Asum += llv;
      Csum += lam[g] * llv;
    }
  } else if (terms === 4) {
    for (let g = 0; g < m; g++) {
      const v = y0[g] + lam[g] * (bsum * cnt[g] + c0 * y0[g] + c1 * y1[g] + c2 * y2[g] + c3 * y3[g]);
      out[g] = v;
      const lv = lam[g] * v;
      const llv = lam[g] * lv;
      R += lv;
      Asum += llv;
      Csum += lam[g] * llv;
    }
  } else if (terms === 5) {
    for (let g = 0; g < m; g++) {
      const v = y0[g] + lam[g] * (bsum * cnt[g] + c0 * y0[g] + c1 * y1[g] + c2 * y2[g] + c3 * y3[g] + c4 * y4[g]);
      out[g] = v;
      const lv = lam[g] * v;
      const llv = lam[g] * lv;
      R += lv;
      Asum += llv;
      Csum += lam[g] * llv;
    }
  } else {
    for (let g = 0; g < m; g++) {
      const v = y0[g] + lam[g] * (bsum * cnt[g] + c0 * y0[g] + c1 * y1[g] + c2 * y2[g] + c3 * y3[g] + c4 * y4[g] + c5 * y5[g]);
      out[g] = v;
      const lv = lam[g] * v;
      const llv = lam[g] * lv;
      R += lv;
      Asum += llv;
      Csum += lam[g] * llv;
    }
  }
  sumsOut.R = R;
  sumsOut.A = Asum;
  sumsOut.C = Csum;
  return sumsOut;
}

/** Error sums of a step: R = sum lambda |err|, A = sum lambda |y7| (the scale). */
function errorSums(
  y0: Float64Array, y1: Float64Array, y2: Float64Array, y3: Float64Array, y4: Float64Array, y5: Float64Array, y6: Float64Array,
  c: Float64Array, bsum: number, lam: Float64Array, cnt: Float64Array,
): { R: number; A: number; C: number } {
  const m = y0.length;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  const c6 = c[6];
  let err = 0;
  let scale = 0;
  for (let g = 0; g < m; g++) {
    const lg = lam[g];
    const e = bsum * cnt[g] + c0 * y0[g] + c1 * y1[g] + c2 * y2[g] + c3 * y3[g] + c4 * y4[g] + c5 * y5[g] + c6 * y6[g];
    err += lg * Math.abs(lg * e);
    scale += lg * Math.abs(y6[g]);
  }
  sumsOut.R = err;
  sumsOut.A = scale;
  return sumsOut;
}
