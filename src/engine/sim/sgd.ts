// Streaming C-SGD on w = x - x* (never a d x d matrix). One step: z ~ N(0, I), a = sqrt(lambda) z,
// r = <a, w> - eps, |g| = |r| |a|, w -= (gamma / D) min(1, c / |g|) r a. The update of step k is
// fused with the draw of step k+1 (one pass over w per step), the normal sampler is an inlined
// ziggurat on inlined SFC32 generators (math/rng.ts), and nothing is allocated inside the loop.
import type { Problem } from '../model/problem';
import { noiseSampler } from '../model/noise';
import type { Rng } from '../math/rng';
import { sgdPass } from './sgdPass';
import { WasmKernel, wasmAvailable } from './wasmKernels';
import { PiecewiseCursor, type ClipPath, type LrPath } from '../model/schedule';
import { recordIterations } from '../model/grid';
import { hookInterval, pollHooks, type SeedHooks, type SeedResult } from './seedHooks';

const BLOW_UP = 1e300;

export function simulateSgd(problem: Problem, grid: Float64Array, lr: LrPath, clip: ClipPath, rng: Rng, hooks?: SeedHooks): SeedResult {
  const d = problem.dim;
  const D = problem.traceK;
  const lam = problem.lambda;
  const scaled = problem.identity ? null : problem.sqrtLambda;
  const sums = new Float64Array(2);
  const n = grid.length;
  const risk = new Float64Array(n).fill(Infinity);
  const recIter = recordIterations(grid, D);
  const totalSteps = n > 0 ? recIter[n - 1] : 0;
  // The WebAssembly pass when available (bit-identical, faster); w and a then live in its memory.
  const kernel = wasmAvailable() ? new WasmKernel(d) : null;
  const w = kernel ? kernel.w : new Float64Array(d);
  const a = kernel ? kernel.a : new Float64Array(d);
  w.set(problem.w0);
  if (kernel && scaled) kernel.sl.set(scaled);
  const drawNoise = noiseSampler(problem.noise);
  const lrCursor = typeof lr === 'number' ? null : new PiecewiseCursor(lr);
  const lrConst = typeof lr === 'number' ? lr : 0;
  const clipCursor = clip.kind === 'path' ? new PiecewiseCursor(clip.path) : null;
  const clipConst = clip.kind === 'constant' ? clip.c : Infinity;
  const interval = hookInterval(d);
  const result: SeedResult = { risk };

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
      if (pollHooks(hooks, k, totalSteps)) {
        result.stopped = true;
        break;
      }
    }
    // Fused pass: finish the previous update, draw a, accumulate <a, w> and |a|^2.
    if (kernel) kernel.sgdPass(scaled !== null, coef, rng, sums);
    else sgdPass(w, a, scaled, coef, rng, sums);
    const dot = sums[0];
    const an2 = sums[1];
    const r = dot - drawNoise(rng);
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
  return result;
}
