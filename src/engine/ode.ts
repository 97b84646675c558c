// The deterministic equivalent of the risk (math.md): over eigenmode groups g (equal lambda merged),
//   dV_g/dt = -2 gamma mu(R, tau) lambda_g V_g + gamma^2 lambda_g n_g nu(R, tau) / (2D),
// R = sum lambda_g V_g. Dormand-Prince 5(4) with adaptive steps (error measured on the risk),
// steps landing exactly on record times and schedule knots.
import type { Factors } from './factors';
import type { ThresholdRule } from './heuristic';
import type { Problem } from './problem';

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
  /** Record (t, tau) along the way, with steps no longer than this. */
  traceMaxStep?: number;
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

/** One stage's scalars: k_g = lambda_g (alpha V_g + beta n_g). */
interface StageScalars {
  R: number;
  A: number;
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
  const rtol = opts.rtol ?? 1e-9;
  const horizon = n > 0 ? grid[n - 1] : 0;
  const traceT: number[] = [];
  const traceTau: number[] = [];
  const tracing = opts.traceMaxStep !== undefined;

  const stage = (t: number, R: number, Aval: number, s: StageScalars): void => {
    const gamma = opts.lr(t);
    const tau = rule.tau(t, R, Aval, gamma, B);
    factors.evaluate(R, tau);
    s.R = R;
    s.A = Aval;
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
  for (let g = 0; g < m; g++) {
    R0 += lam[g] * y[g];
    A0 += lam[g] * lam[g] * y[g];
  }
  const first: StageScalars = { R: 0, A: 0, tau: 0, mu: 0, nu: 0, alpha: 0, beta: 0 };
  stage(0, R0, A0, first);
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

  // Stop times: record points and knots, sorted.
  const stops = Array.from(grid).concat((opts.knots ?? []).filter((k) => k > 0 && k < horizon));
  stops.sort((a, b) => a - b);

  const Y: Float64Array[] = [y];
  for (let k = 1; k < 7; k++) Y.push(new Float64Array(m));
  const S: StageScalars[] = [first];
  for (let k = 1; k < 7; k++) S.push({ R: 0, A: 0, tau: 0, mu: 0, nu: 0, alpha: 0, beta: 0 });
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
    if (tracing && hTry > opts.traceMaxStep!) hTry = opts.traceMaxStep!;
    let landing = false;
    if (t + hTry >= target - 1e-12 * Math.max(1, target)) {
      hTry = target - t;
      landing = true;
    }
    // Stages 2..7.
    const y0 = Y[0];
    for (let st = 1; st < 7; st++) {
      const row = A[st];
      let bsum = 0;
      for (let l = 0; l < st; l++) {
        coefA[l] = hTry * row[l] * S[l].alpha;
        bsum += hTry * row[l] * S[l].beta;
      }
      const Yst = Y[st];
      let Rs = 0;
      let As = 0;
      for (let g = 0; g < m; g++) {
        let acc = bsum * cnt[g];
        for (let l = 0; l < st; l++) acc += coefA[l] * Y[l][g];
        const v = y0[g] + lam[g] * acc;
        Yst[g] = v;
        const lv = lam[g] * v;
        Rs += lv;
        As += lam[g] * lv;
      }
      stage(t + C[st] * hTry, Rs, As, S[st]);
    }
    // Error estimate on the risk: sum lambda_g |err_g| relative to sum lambda_g |V_g|.
    let ebsum = 0;
    for (let l = 0; l < 7; l++) {
      coefA[l] = hTry * E[l] * S[l].alpha;
      ebsum += hTry * E[l] * S[l].beta;
    }
    let errSum = 0;
    let scaleSum = 0;
    const y7 = Y[6];
    for (let g = 0; g < m; g++) {
      let acc = ebsum * cnt[g];
      for (let l = 0; l < 7; l++) acc += coefA[l] * Y[l][g];
      const lg = lam[g];
      errSum += lg * Math.abs(lg * acc);
      scaleSum += lg * Math.abs(y7[g]);
    }
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
      t = landing ? target : t + hTry;
      // Accept: FSAL, Y7 becomes the new state.
      Y[6] = Y[0];
      Y[0] = y7;
      const tmp = S[6];
      S[6] = S[0];
      S[0] = tmp;
      if (!(S[0].R <= BLOW_UP)) {
        out.divergedAt = t;
        break;
      }
      if (tracing) {
        traceT.push(t);
        traceTau.push(S[0].tau);
      }
      if (landing) {
        while (stopIndex < stops.length && stops[stopIndex] <= t) stopIndex++;
        while (recIndex < n && grid[recIndex] <= t) record(recIndex++, S[0]);
      }
      const grow = errNorm === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(errNorm, -0.2)));
      // A landing step was shortened on purpose: do not let it shrink the next proposal.
      h = landing ? Math.max(h, hTry * grow) : hTry * grow;
    } else {
      h = hTry * Math.max(0.1, Number.isFinite(errNorm) ? 0.9 * Math.pow(errNorm, -0.2) : 0.1);
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
