// Host-side decimation of the record grid before anything is posted to the panel.
//
// All runs of an experiment share one record grid, and the chart's tooltip reads every run at the
// same index, so we pick ONE set of grid indices for the whole experiment, spread evenly in screen
// space: in log(t) when the x axis is logarithmic, in t when it is linear. The first and last points
// are always kept. A run's arrays are then sampled at those indices.
import type { AxisScale, BandSeries, OdeSeries } from '../../shared/webviewProtocol';

/** Points per curve the chart can draw smoothly: about 40k points in total, 100..600 per curve. */
export function pointBudget(curveCount: number): number {
  return Math.max(100, Math.min(600, Math.floor(40_000 / Math.max(1, curveCount))));
}

/**
 * Indices into the sorted grid `t`, at most about `maxPoints` of them, evenly spread in screen space.
 * In log mode, points with t <= 0 cannot be drawn; the first of them is kept (the linear view needs
 * it) and the rest are spread over the positive part.
 */
export function selectIndices(t: ArrayLike<number>, scale: AxisScale, maxPoints: number): Uint32Array {
  const n = t.length;
  if (n === 0) return new Uint32Array(0);
  const budget = Math.max(2, Math.floor(maxPoints));
  if (n <= budget) return Uint32Array.from({ length: n }, (_, i) => i);

  const position = scale === 'log' ? Math.log : (x: number) => x;
  let start = 0;
  const kept: number[] = [0];
  if (scale === 'log') {
    while (start < n && !(t[start] > 0)) start++;
    if (start >= n - 1) return Uint32Array.from([0, n - 1].filter((v, i, a) => a.indexOf(v) === i));
    if (start > 0) kept.push(start);
  }
  const lo = position(t[start]);
  const hi = position(t[n - 1]);
  // kept[] already holds the bin-0 point; the last point is added after the loop.
  const bins = Math.max(1, budget - kept.length - 1);
  const width = (hi - lo) / bins;
  if (!(width > 0)) return Uint32Array.from(new Set([...kept, n - 1]));
  let lastBin = 0;
  for (let i = start + 1; i < n - 1; i++) {
    const bin = Math.floor((position(t[i]) - lo) / width);
    if (bin > lastBin) {
      kept.push(i);
      lastBin = bin;
    }
  }
  kept.push(n - 1);
  return Uint32Array.from(kept);
}

export function sample(values: ArrayLike<number>, indices: Uint32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    out[k] = i < values.length ? values[i] : Number.NaN;
  }
  return out;
}

export function sampleBand(band: { median: ArrayLike<number>; q10: ArrayLike<number>; q90: ArrayLike<number> }, indices: Uint32Array): BandSeries {
  return { median: sample(band.median, indices), q10: sample(band.q10, indices), q90: sample(band.q90, indices) };
}

export function sampleOde(
  ode: { risk: ArrayLike<number>; mu: ArrayLike<number>; nu: ArrayLike<number>; threshold: ArrayLike<number>; ccc: ArrayLike<number> },
  indices: Uint32Array,
): OdeSeries {
  return {
    risk: sample(ode.risk, indices),
    mu: sample(ode.mu, indices),
    nu: sample(ode.nu, indices),
    threshold: sample(ode.threshold, indices),
    ccc: sample(ode.ccc, indices),
  };
}
