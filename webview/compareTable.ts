// #compare-table: the runs (of this experiment, and of the linked one when two are compared) with only
// the parameters that differ, their final risk and time to the target risk.
import { formatValue } from '../src/shared/chartConfig';
import { differingKeys, timeToRisk } from '../src/shared/riskMetrics';
import { el, replaceChildren } from './dom';
import type { Model } from './model';
import { mainCurve } from './runsTable';

interface Row {
  file: string | null;
  name: string;
  params: Record<string, string>;
  finalRisk: number | null;
  t: ArrayLike<number> | null;
  risk: ArrayLike<number> | null;
}

export function compareRows(model: Model): Row[] {
  const own: Row[] = (model.info?.runs ?? []).map((info) => {
    const series = model.runs.get(info.index);
    return {
      file: model.link ? model.fileName : null,
      name: info.name,
      params: { ...(model.link ? model.info?.params : {}), ...info.params },
      finalRisk: series?.finalRisk ?? null,
      t: model.t,
      risk: mainCurve(series),
    };
  });
  if (!model.link) return own;
  const peer: Row[] = model.link.peerRuns.map((run) => ({
    file: model.link!.peerFileName,
    name: run.name,
    params: { ...(model.link!.peerParams ?? {}), ...run.params },
    finalRisk: run.finalRisk,
    t: run.t,
    risk: run.risk,
  }));
  return [...own, ...peer];
}

export function renderCompareTable(table: HTMLTableElement, title: HTMLElement, hint: HTMLElement, model: Model, target: number | null): void {
  const rows = compareRows(model);
  const keys = differingKeys(rows.map((r) => r.params));
  const linked = model.link !== null;
  title.textContent = linked ? `Compare with ${model.link!.peerFileName}` : 'Compare';
  hint.textContent = rows.length < 2
    ? 'Add runs to compare them.'
    : keys.length === 0
      ? 'The runs have the same parameters.'
      : `Only the parameters that differ${linked ? ' between the runs of both experiments' : ''}.`;
  const head = el('tr', {}, [
    linked ? el('th', { text: 'File' }) : null,
    el('th', { text: 'Run' }),
    ...keys.map((k) => el('th', { text: k })),
    el('th', { text: 'Final risk' }),
    el('th', { text: 'Time to target' }),
  ]);
  const body = rows.map((row) => {
    const reached = row.t && row.risk && target !== null ? timeToRisk(row.t, row.risk, target) : null;
    return el('tr', { data: { run: row.name, file: row.file ?? '' } }, [
      linked ? el('td', { className: 'muted', text: row.file ?? '' }) : null,
      el('td', { text: row.name }),
      ...keys.map((k) => el('td', { text: row.params[k] ?? '-' })),
      el('td', { className: 'num', text: row.finalRisk === null ? '...' : formatValue(row.finalRisk) }),
      el('td', { className: 'num', text: target === null || !row.risk ? '...' : reached === null ? 'not reached' : `t = ${formatValue(reached)}` }),
    ]);
  });
  replaceChildren(table.tHead ?? table.createTHead(), [head]);
  replaceChildren(table.tBodies[0] ?? table.createTBody(), body);
}
