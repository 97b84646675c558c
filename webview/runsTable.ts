// The runs table beside the chart: lr, c(t), c/sqrt(tr K), final risk, time to risk, and where the
// clipping comparison criterion says clipping helps. Rows: tr[data-run]; final risk: td.final-risk
// with data-value = the full-precision number shown (SGD median, or the ODE without seeds).
import { formatValue, runColor, type ChartTheme } from '../src/shared/chartConfig';
import { timeToRisk } from '../src/shared/riskMetrics';
import type { RunInfo, RunSeries } from '../src/shared/webviewProtocol';
import { el, replaceChildren, swatch } from './dom';
import type { Model } from './model';
import { runBadges } from './runBadges';

/** The curve the final risk and time-to-risk are read from. */
export function mainCurve(series: RunSeries | undefined): Float64Array | null {
  return series?.sgd?.median ?? series?.ode?.risk ?? null;
}

function normalizedThreshold(info: RunInfo, series: RunSeries | undefined, traceK: number): string {
  if (info.normalizedThreshold !== null) return formatValue(info.normalizedThreshold);
  if (info.clipKind === 'none') return '-';
  const c = series?.ode?.threshold;
  if (!c) return '...';
  let min = Infinity;
  let max = -Infinity;
  for (const v of c) {
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (min > max) return '-';
  const s = Math.sqrt(traceK);
  return min === max ? formatValue(min / s) : `${formatValue(min / s)}\u2013${formatValue(max / s)}`;
}

function statusBadges(series: RunSeries | undefined): HTMLElement[] {
  return runBadges(series).map((b) => el('span', { className: b.kind ? `badge ${b.kind}` : 'badge', text: b.text, title: b.title }));
}

export function renderRunsTable(body: HTMLTableSectionElement, model: Model, theme: ChartTheme, target: number | null): void {
  const hidden = new Set(model.state.hidden);
  const rows = (model.info?.runs ?? []).map((info) => {
    const series = model.runs.get(info.index);
    const final = series?.finalRisk ?? null;
    const finalCell = el('td', { className: 'final-risk num', text: final === null ? '...' : formatValue(final) });
    if (final !== null) finalCell.dataset.value = String(final);
    if (series?.finalRiskSource) finalCell.title = series.finalRiskSource === 'sgd' ? 'median of the SGD seeds at the horizon' : 'ODE prediction at the horizon';
    const curve = mainCurve(series);
    const reached = curve && model.t && target !== null ? timeToRisk(model.t, curve, target) : null;
    const helps = series?.clippingHelpsFrom ?? null;
    const row = el('tr', {
      data: { run: info.name, status: series?.status ?? 'pending', fromCache: String(series?.fromCache ?? false) },
      className: hidden.has(info.name) ? 'hidden-run' : '',
    }, [
      el('td', { className: 'run-name' }, [swatch(runColor(theme, info.index)), el('span', { text: info.name }), ' ', ...statusBadges(series)]),
      el('td', { className: 'num', text: info.lrLabel }),
      el('td', { className: 'clip' }, [
        el('span', { text: info.clipLabel }),
        info.clipKind === 'none' || !model.info ? null : el('span', { className: 'sub', text: `c/\u221atrK ${normalizedThreshold(info, series, model.info.traceK)}`, title: 'threshold normalized by sqrt(tr K)' }),
      ]),
      finalCell,
      el('td', { className: 'num time-to-risk', text: curve === null || target === null ? '...' : reached === null ? 'not reached' : `t = ${formatValue(reached)}` }),
      el('td', {
        className: 'ccc',
        text: info.clipKind === 'none' ? '-' : !series?.ode ? '...' : helps === null ? 'never' : `t = ${formatValue(helps)}`,
        title: 'clipping at this threshold beats plain SGD (clipping comparison criterion above 1)',
      }),
    ]);
    return row;
  });
  replaceChildren(body, rows);
}
