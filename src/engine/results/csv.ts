// Long ("tidy") CSV of a result: one row per (run, t), one column per series. Infinite values are
// written "inf", NaN "nan", and series that were not computed are left empty.
import type { ExperimentResult, RunResult, Suggestion } from './types';

export const CSV_COLUMNS = [
  'run', 't',
  'ode_risk', 'ode_mu', 'ode_nu', 'ode_threshold', 'ode_ccc',
  'sgd_median', 'sgd_q10', 'sgd_q90', 'sgd_mean',
  'hsgd_median', 'hsgd_q10', 'hsgd_q90',
] as const;

function cell(x: number | undefined): string {
  if (x === undefined) return '';
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

/** RFC 4180 quoting: only when the text holds a comma, quote or line break. */
export function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function runRows(run: RunResult, t: number[]): string[] {
  return t.map((time, i) => [
    csvText(run.name),
    cell(time),
    cell(run.ode?.risk[i]), cell(run.ode?.mu[i]), cell(run.ode?.nu[i]), cell(run.ode?.threshold[i]), cell(run.ode?.ccc[i]),
    cell(run.sgd?.median[i]), cell(run.sgd?.q10[i]), cell(run.sgd?.q90[i]), cell(run.sgd?.mean[i]),
    cell(run.hsgd?.median[i]), cell(run.hsgd?.q10[i]), cell(run.hsgd?.q90[i]),
  ].join(','));
}

/** The result's curves as CSV text (header + rows, "\n" line ends). */
export function resultToCsv(result: ExperimentResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const run of result.runs) lines.push(...runRows(run, result.t));
  return lines.join('\n') + '\n';
}

/** The suggestion's threshold schedules (raw c) as CSV: t, heuristic_threshold, greedy_threshold. */
export function suggestionToCsv(s: Suggestion): string {
  const lines = ['t,heuristic_threshold,greedy_threshold'];
  const n = Math.max(s.heuristic.t.length, s.greedy.t.length);
  for (let i = 0; i < n; i++) {
    lines.push([cell(s.heuristic.t[i] ?? s.greedy.t[i]), cell(s.heuristic.threshold[i]), cell(s.greedy.threshold[i])].join(','));
  }
  return lines.join('\n') + '\n';
}
