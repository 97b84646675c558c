// Streaming C-SGD on w = x - x* (never a d x d matrix). One step: z ~ N(0, I), a = sqrt(lambda) z,
// r = <a, w> - eps, |g| = |r| |a|, w -= (gamma / D) min(1, c / |g|) r a. The update of step k is
// fused with the draw of step k+1 (one pass over w per step), the normal sampler is an inlined
// ziggurat on an inlined xoshiro128**, and nothing is allocated inside the loop.
import type { Problem } from './problem';
import { noiseSampler } from './noise';
import { ZIG_KN, ZIG_WN, type Rng } from './rng';
import { PiecewiseCursor, type PiecewiseLinear } from './schedule';
import { recordIterations } from './grid';

/** Learning rate: a number or a piecewise-linear function of t. */
export type LrPath = number | PiecewiseLinear;
/** Raw threshold c on |g|: none, a constant, or a piecewise-linear path in t. */
export type ClipPath = { kind: 'none' } | { kind: 'constant'; c: number } | { kind: 'path'; path: PiecewiseLinear };

export interface SeedHooks {
  shouldStop?(): boolean;
  onProgress?(fraction: number): void;
}

export interface SeedResult {
  risk: Float64Array;
  divergedAt?: number;
  stopped?: boolean;
}

const BLOW_UP = 1e300;

/** Steps between hook calls: about a million coordinate updates. */
export function hookInterval(dim: number): number {
  return Math.max(1, Math.min(1000, Math.ceil(1e6 / dim)));
}

export function simulateSgd(problem: Problem, grid: Float64Array, lr: LrPath, clip: ClipPath, rng: Rng, hooks?: SeedHooks): SeedResult {
  const d = problem.dim;
  const D = problem.traceK;
  const lam = problem.lambda;
  const sl = problem.sqrtLambda;
  const identity = problem.identity;
  const n = grid.length;
  const risk = new Float64Array(n).fill(Infinity);
  const recIter = recordIterations(grid, D);
  const totalSteps = n > 0 ? recIter[n - 1] : 0;
  const w = Float64Array.from(problem.w0);
  const a = new Float64Array(d);
  const drawNoise = noiseSampler(problem.noise);
  const lrCursor = typeof lr === 'number' ? null : new PiecewiseCursor(lr);
  const lrConst = typeof lr === 'number' ? lr : 0;
  const clipCursor = clip.kind === 'path' ? new PiecewiseCursor(clip.path) : null;
  const clipConst = clip.kind === 'constant' ? clip.c : Infinity;
  const kn = ZIG_KN;
  const wn = ZIG_WN;
  const interval = hookInterval(d);
  const result: SeedResult = { risk };

  let s0 = rng.s0;
  let s1 = rng.s1;
  let s2 = rng.s2;
  let s3 = rng.s3;
  let coef = 0; // pending update of the previous step: w -= coef * a
  let rec = 0;
  let nextHook = interval;

  const flushAndRisk = (): number => {
    let R = 0;
    for (let i = 0; i < d; i++) {
      const wi = w[i] - coef * a[i];
      w[i] = wi;
      R += lam[i] * wi * wi;
    }
    coef = 0;
    return 0.5 * R;
  };

  for (let k = 0; ; k++) {
    if (rec < n && recIter[rec] === k) {
      const R = flushAndRisk();
      if (!(R <= BLOW_UP)) {
        result.divergedAt = k / D;
        break;
      }
      while (rec < n && recIter[rec] === k) risk[rec++] = R;
    }
    if (k >= totalSteps) break;
    if (k >= nextHook) {
      nextHook += interval;
      if (hooks?.shouldStop?.()) {
        result.stopped = true;
        break;
      }
      hooks?.onProgress?.(k / totalSteps);
    }
    // Fused pass: finish the previous update, draw a, accumulate <a, w> and |a|^2.
    let dot = 0;
    let an2 = 0;
    if (identity) {
      for (let i = 0; i < d; i++) {
        const wi = w[i] - coef * a[i];
        w[i] = wi;
        let x = Math.imul(s1, 5);
        x = Math.imul((x << 7) | (x >>> 25), 9);
        const t9 = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t9;
        s3 = (s3 << 11) | (s3 >>> 21);
        const iz = x & 127;
        let z: number;
        if (Math.abs(x) < kn[iz]) z = x * wn[iz];
        else {
          rng.s0 = s0; rng.s1 = s1; rng.s2 = s2; rng.s3 = s3;
          z = rng.normalTail(x, iz);
          s0 = rng.s0; s1 = rng.s1; s2 = rng.s2; s3 = rng.s3;
        }
        a[i] = z;
        dot += z * wi;
        an2 += z * z;
      }
    } else {
      for (let i = 0; i < d; i++) {
        const wi = w[i] - coef * a[i];
        w[i] = wi;
        let x = Math.imul(s1, 5);
        x = Math.imul((x << 7) | (x >>> 25), 9);
        const t9 = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t9;
        s3 = (s3 << 11) | (s3 >>> 21);
        const iz = x & 127;
        let z: number;
        if (Math.abs(x) < kn[iz]) z = x * wn[iz];
        else {
          rng.s0 = s0; rng.s1 = s1; rng.s2 = s2; rng.s3 = s3;
          z = rng.normalTail(x, iz);
          s0 = rng.s0; s1 = rng.s1; s2 = rng.s2; s3 = rng.s3;
        }
        const ai = sl[i] * z;
        a[i] = ai;
        dot += ai * wi;
        an2 += ai * ai;
      }
    }
    rng.s0 = s0; rng.s1 = s1; rng.s2 = s2; rng.s3 = s3;
    const r = dot - drawNoise(rng);
    s0 = rng.s0; s1 = rng.s1; s2 = rng.s2; s3 = rng.s3;
    if (!(Math.abs(r) < BLOW_UP)) {
      result.divergedAt = k / D;
      break;
    }
    const t = k / D;
    const gamma = lrCursor ? lrCursor.at(t) : lrConst;
    const c = clipCursor ? clipCursor.at(t) : clipConst;
    const gnorm = Math.abs(r) * Math.sqrt(an2);
    const scale = gnorm > c ? c / gnorm : 1;
    coef = ((gamma / D) * scale) * r;
  }
  rng.s0 = s0; rng.s1 = s1; rng.s2 = s2; rng.s3 = s3;
  return result;
}
