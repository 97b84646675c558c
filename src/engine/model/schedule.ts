// Piecewise-linear functions of time (learning-rate and threshold schedules): linear between knots,
// constant beyond the ends.

export interface PiecewiseLinear {
  t: ArrayLike<number>;
  v: ArrayLike<number>;
}

export function evalPiecewise(f: PiecewiseLinear, time: number): number {
  const { t, v } = f;
  const n = t.length;
  if (n === 0) return NaN;
  if (time <= t[0]) return v[0];
  if (time >= t[n - 1]) return v[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= time) lo = mid;
    else hi = mid;
  }
  const span = t[hi] - t[lo];
  if (span <= 0) return v[hi];
  return lerp(v[lo], v[hi], (time - t[lo]) / span);
}

/** Linear interpolation; with an infinite end (no clipping) the nearer end is taken instead. */
function lerp(a: number, b: number, w: number): number {
  if (!(Number.isFinite(a) && Number.isFinite(b))) return w < 0.5 ? a : b;
  return a + w * (b - a);
}

/**
 * Sequential evaluation for monotone increasing query times (SGD steps): amortized O(1) per call.
 */
export class PiecewiseCursor {
  private index = 0;
  constructor(private readonly f: PiecewiseLinear) {}

  at(time: number): number {
    const { t, v } = this.f;
    const n = t.length;
    if (time <= t[0]) return v[0];
    if (time >= t[n - 1]) return v[n - 1];
    let i = this.index;
    if (t[i] > time) i = 0;
    while (i + 1 < n - 1 && t[i + 1] <= time) i++;
    this.index = i;
    const span = t[i + 1] - t[i];
    if (span <= 0) return v[i + 1];
    return lerp(v[i], v[i + 1], (time - t[i]) / span);
  }
}

/** Knot times inside (0, horizon): ODE steps end on them so that kinks do not spoil accuracy. */
export function knotsInside(f: PiecewiseLinear | undefined, horizon: number): number[] {
  if (!f) return [];
  const out: number[] = [];
  for (let i = 0; i < f.t.length; i++) if (f.t[i] > 0 && f.t[i] < horizon) out.push(f.t[i]);
  return out;
}

/** Learning rate: a number or a piecewise-linear function of t. */
export type LrPath = number | PiecewiseLinear;
/** Raw threshold c on |g|: none, a constant, or a piecewise-linear path in t. */
export type ClipPath = { kind: 'none' } | { kind: 'constant'; c: number } | { kind: 'path'; path: PiecewiseLinear };
