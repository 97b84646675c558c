// The suggestion as a readable table (clipexp suggest without --json).
import type { Suggestion } from '../engine';

function risk(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : 'diverges';
}

function num(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : 'inf';
}

/** `rows` evenly spaced rows of the two schedules (always the first and the last). */
function sampledRows(s: Suggestion, rows: number): string[] {
  const n = s.heuristic.t.length;
  if (n === 0) return [];
  const picks = new Set<number>();
  for (let k = 0; k < rows; k++) picks.add(Math.round((k * (n - 1)) / Math.max(1, rows - 1)));
  return [...picks].sort((a, b) => a - b).map((i) =>
    `  ${num(s.heuristic.t[i]).padStart(10)}  ${num(s.heuristic.threshold[i]).padStart(12)}  ${num(s.greedy.threshold[i] ?? NaN).padStart(12)}`);
}

export function formatSuggestion(s: Suggestion, horizon: number, traceK: number): string {
  const sqrtD = Math.sqrt(traceK);
  const lines = [
    `Suggestion for run "${s.run}" (lr ${s.lr}): ODE risk at t = ${horizon}`,
    '',
    `  ${'strategy'.padEnd(16)}${'final risk'.padStart(12)}   threshold`,
    `  ${'no clipping'.padEnd(16)}${risk(s.noClip.risk).padStart(12)}   -`,
    `  ${'best constant'.padEnd(16)}${risk(s.bestConstant.risk).padStart(12)}   c = ${num(s.bestConstant.threshold)} (c / sqrt(tr K) = ${num(s.bestConstant.threshold / sqrtD, 3)})`,
    `  ${'heuristic'.padEnd(16)}${risk(s.heuristic.risk).padStart(12)}   kappa = ${num(s.heuristic.param, 3)}: c(t) = kappa sqrt(2 R(t) + s^2) sqrt(tr K)`,
    `  ${'greedy oracle'.padEnd(16)}${risk(s.greedy.risk).padStart(12)}   schedule below`,
    '',
    `Threshold schedules (raw c, for clip_grad_norm_; all ${s.heuristic.t.length} points with --json):`,
    `  ${'t'.padStart(10)}  ${'heuristic c'.padStart(12)}  ${'greedy c'.padStart(12)}`,
    ...sampledRows(s, 8),
  ];
  return lines.join('\n') + '\n';
}
