// Seed statistics per grid point: median, 10% and 90% quantiles (numpy's default linear
// interpolation) and the mean. Infinite and NaN risks (diverged seeds) sort above every number.

/** numpy.percentile(values, q * 100) with method 'linear'; `sorted` ascending, NaN-free. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  if (frac === 0 || lo + 1 >= n) return sorted[lo];
  const a = sorted[lo];
  const b = sorted[lo + 1];
  if (a === b) return a;
  return a + (b - a) * frac;
}

export interface SeedAggregate {
  median: number[];
  q10: number[];
  q90: number[];
  mean: number[];
}

export function aggregateRisks(risks: Float64Array[]): SeedAggregate {
  const seeds = risks.length;
  const points = seeds > 0 ? Math.min(...risks.map((r) => r.length)) : 0;
  const out: SeedAggregate = { median: [], q10: [], q90: [], mean: [] };
  const column = new Float64Array(seeds);
  for (let j = 0; j < points; j++) {
    let sum = 0;
    for (let s = 0; s < seeds; s++) {
      const v = risks[s][j];
      const x = Number.isNaN(v) ? Infinity : v;
      column[s] = x;
      sum += x;
    }
    column.sort();
    out.median.push(quantileSorted(column, 0.5));
    out.q10.push(quantileSorted(column, 0.1));
    out.q90.push(quantileSorted(column, 0.9));
    out.mean.push(seeds > 0 ? sum / seeds : NaN);
  }
  return out;
}
