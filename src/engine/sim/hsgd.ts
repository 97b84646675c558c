// The homogenized SDE (C-HSGD, docs/math.md) by Euler-Maruyama, one step per SGD iteration:
//   w <- w - (gamma / D) mu(R) K w + (gamma / D) sqrt(nu(R) K) z,   z ~ N(0, I),
// with mu, nu at the path's own risk R (refreshed when R or tau move by more than 1e-4 relative:
// the Student-t quadrature is too costly for every step and changes far below the noise).
import type { Factors } from '../model/factors';
import { recordIterations } from '../model/grid';
import type { Problem } from '../model/problem';
import type { Rng } from '../math/rng';
import { hsgdPass } from './sgdPass';
import { WasmKernel, wasmAvailable } from './wasmKernels';
import { PiecewiseCursor, type ClipPath, type LrPath } from '../model/schedule';
import { hookInterval, pollHooks, type SeedHooks, type SeedResult } from './seedHooks';

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
  const kernel = wasmAvailable() ? new WasmKernel(d) : null;
  const w = kernel ? kernel.w : new Float64Array(d);
  w.set(problem.w0);
  if (kernel) {
    kernel.lam.set(lam);
    kernel.sl.set(sl);
  }
  const lrCursor = typeof lr === 'number' ? null : new PiecewiseCursor(lr);
  const clipCursor = clip.kind === 'path' ? new PiecewiseCursor(clip.path) : null;
  const clipConst = clip.kind === 'constant' ? clip.c : Infinity;
  const interval = hookInterval(d);
  const result: SeedResult = { risk };

  let R = problem.risk0;
  let factorR = NaN;
  let factorTau = NaN;
  let mu = 1;
  let sqrtNu = 0;
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
      if (pollHooks(hooks, k, totalSteps)) {
        result.stopped = true;
        break;
      }
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
    const Rn = kernel ? kernel.hsgdPass(drift, diffusion, rng) : hsgdPass(w, lam, sl, drift, diffusion, rng);
    R = 0.5 * Rn;
  }
  return result;
}
