// The status badges of a run's row (pure: node tests load it). A diverged run says WHICH part
// diverged: an unclipped run under infinite-variance noise has an infinite ODE risk by the maths
// (docs/math.md), while its SGD seeds may stay finite; "SGD diverged" is kept for seeds that overflowed.
import { formatValue } from '../src/shared/chartConfig';
import type { RunSeries } from '../src/shared/webviewProtocol';

export interface Badge {
  text: string;
  kind: '' | 'muted' | 'error' | 'running' | 'warning';
  title?: string;
}

function divergenceBadges(series: RunSeries): Badge[] {
  const out: Badge[] = [];
  const seeds = series.sgdDivergedSeeds ?? 0;
  if (series.sgdDivergedAt !== null && series.sgdDivergedAt !== undefined) {
    out.push({
      text: `SGD diverged at t = ${formatValue(series.sgdDivergedAt)}`,
      kind: 'error',
      title: seeds > 0 ? `${seeds} of ${series.seedsDone} SGD seeds overflowed (their risk is infinite from then on)` : 'some SGD seeds overflowed',
    });
  }
  if (series.odeDivergedAt !== null && series.odeDivergedAt !== undefined) {
    out.push(series.odeRiskInfinite
      ? { text: 'ODE risk infinite (noise variance is infinite)', kind: 'warning', title: 'Without clipping the ODE risk is infinite for t > 0 when E[eps^2] is infinite; the SGD seeds are simulated as usual.' }
      : { text: `ODE diverged at t = ${formatValue(series.odeDivergedAt)}`, kind: 'error', title: 'the ODE risk blew up (e.g. the learning rate is too large)' });
  }
  if (out.length === 0) out.push({ text: series.divergedAt !== null ? `diverged at t = ${formatValue(series.divergedAt)}` : 'diverged', kind: 'error' });
  return out;
}

export function runBadges(series: RunSeries | undefined): Badge[] {
  if (!series) return [{ text: 'pending', kind: '' }];
  const cached: Badge[] = series.fromCache ? [{ text: 'cached', kind: 'muted', title: 'unchanged since the last run: from the cache' }] : [];
  switch (series.status) {
    case 'running':
      return [{ text: series.seedsTotal > 0 ? `${series.seedsDone}/${series.seedsTotal} seeds` : 'running', kind: 'running' }];
    case 'pending':
      return [{ text: 'pending', kind: '' }];
    case 'stopped':
      return [{ text: 'stopped', kind: '' }];
    case 'failed':
      return [{ text: 'failed', kind: 'error', title: series.error ?? '' }];
    case 'diverged':
      return [...divergenceBadges(series), ...cached];
    default:
      return cached;
  }
}
