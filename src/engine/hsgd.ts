// The homogenized SDE (C-HSGD, math.md) by Euler-Maruyama, one step per SGD iteration:
//   w <- w - (gamma / D) mu(R) K w + (gamma / D) sqrt(nu(R) K) z,   z ~ N(0, I),
// with mu, nu at the path's own risk R (refreshed when R or tau move by more than 1e-4 relative:
// the Student-t quadrature is too costly for every step and changes far below the noise).
import type { Factors } from './factors';
import { recordIterations } from './grid';
import type { Problem } from './problem';
import { ZIG_KN, ZIG_WN, type Rng } from './rng';
import { PiecewiseCursor } from './schedule';
import { hookInterval, type ClipPath, type LrPath, type SeedHooks, type SeedResult } from './sgd';

const BLOW_UP = 1e300;
const REFRESH = 1e-4;

export function simulateHsgd(problem: Problem, factors: Factors, grid: Float64Array, lr: LrPath, clip: ClipPath, rng: Rng, hooks?: SeedHooks): SeedResult {
  const d = problem.dim;
  const D = problem.traceK;
  const sqrtD = Math.sqrt(D);
  const lam = problem.lambda;
  const sl = problem.sqrtLambda;
  const n = grid.length;
  const risk = new Float64Array(n).fill(Infinity);
  const recIter = recordIterations(grid, D);
  const totalSteps = n > 0 ? recIter[n - 1] : 0;
  const w = Float64Array.from(problem.w0);
  const lrCursor = typeof lr === 'number' ? null : new PiecewiseCursor(lr);
  const clipCursor = clip.kind === 'path' ? new PiecewiseCursor(clip.path) : null;
  const clipConst = clip.kind === 'constant' ? clip.c : Infinity;
  const kn = ZIG_KN;
  const wn = ZIG_WN;
  const interval = hookInterval(d);
  const result: SeedResult = { risk };

  let R = problem.risk0;
  let factorR = NaN;
  let factorTau = NaN;
  let mu = 1;
  let sqrtNu = 0;
  let s0 = rng.s0;
  let s1 = rng.s1;
  let s2 = rng.s2;
  let s3 = rng.s3;
  let rec = 0;
  let nextHook = interval;

  for (let k = 0; ; k++) {
    if (!(R <= BLOW_UP)) {
      result.divergedAt = k / D;
      break;
    }
    while (rec < n && recIter[rec] === k) risk[rec++] = R;
    if (k >= totalSteps) break;
    if (k >= nextHook) {
      nextHook += interval;
      if (hooks?.shouldStop?.()) {
        result.stopped = true;
        break;
      }
      hooks?.onProgress?.(k / totalSteps);
    }
    const t = k / D;
    const gamma = lrCursor ? lrCursor.at(t) : (lr as number);
    const tau = (clipCursor ? clipCursor.at(t) : clipConst) / sqrtD;
    if (!(Math.abs(R - factorR) <= REFRESH * factorR) || !(Math.abs(tau - factorTau) <= REFRESH * factorTau) || (tau === Infinity) !== (factorTau === Infinity)) {
      factors.evaluate(R, tau);
      mu = factors.mu;
      sqrtNu = Math.sqrt(factors.nu);
      factorR = R;
      factorTau = tau;
    }
    const drift = (gamma / D) * mu;
    const diffusion = (gamma / D) * sqrtNu;
    let Rn = 0;
    for (let i = 0; i < d; i++) {
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
      const li = lam[i];
      const wi = w[i] - drift * li * w[i] + diffusion * sl[i] * z;
      w[i] = wi;
      Rn += li * wi * wi;
    }
    R = 0.5 * Rn;
  }
  rng.s0 = s0; rng.s1 = s1; rng.s2 = s2; rng.s3 = s3;
  return result;
}
