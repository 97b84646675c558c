// Small numbers read off a risk curve for the tables (panel and, later, the CLI). Pure.

/**
 * The first time the curve reaches `target` (risk <= target), interpolated between the two grid
 * points around the crossing (in log-log when both are positive). Null when it never does.
 */
export function timeToRisk(t: ArrayLike<number>, risk: ArrayLike<number>, target: number): number | null {
  const n = Math.min(t.length, risk.length);
  if (!(target > 0) || n === 0) return null;
  for (let i = 0; i < n; i++) {
    const r = risk[i];
    if (!(r <= target)) continue; // NaN/Infinity never count as reached
    if (i === 0) return t[0];
    const r0 = risk[i - 1], t0 = t[i - 1], t1 = t[i];
    if (!Number.isFinite(r0) || r0 === r) return t1;
    if (r0 > 0 && r > 0 && t0 > 0 && t1 > 0) {
      const f = (Math.log(target) - Math.log(r0)) / (Math.log(r) - Math.log(r0));
      return Math.exp(Math.log(t0) + f * (Math.log(t1) - Math.log(t0)));
    }
    const f = (target - r0) / (r - r0);
    return t0 + f * (t1 - t0);
  }
  return null;
}

/** Default target for "time to risk": 1.5 x the best (smallest) finite final risk, 2 digits. */
export function autoTargetRisk(finalRisks: ReadonlyArray<number | null>): number | null {
  let best = Infinity;
  for (const r of finalRisks) if (r !== null && Number.isFinite(r) && r > 0 && r < best) best = r;
  return Number.isFinite(best) ? Number((1.5 * best).toPrecision(2)) : null;
}

/** Parameters on which the given rows differ (a key missing in a row counts as a difference). */
export function differingKeys(rows: ReadonlyArray<Record<string, string>>): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) keys.add(k);
  const out: string[] = [];
  for (const k of keys) {
    const values = new Set(rows.map((row) => row[k] ?? '-'));
    if (values.size > 1) out.push(k);
  }
  return out.sort();
}
